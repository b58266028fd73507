package org.edgegen.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScenarioValidationTest {

    private static final Path DEFAULT = Path.of("conf", "scenarios", "default.conf");

    @TempDir
    Path dir;

    /** Loads a scenario file with the given text and returns the message it fails with, checked to be one line. */
    private String failureOf(String name, String hocon) throws IOException {
        Path file = Files.writeString(dir.resolve(name), hocon);
        return messageOf(() -> ScenarioLoader.load(file));
    }

    private static String failureOfOverride(String key, String value) {
        return messageOf(() -> ScenarioLoader.load(DEFAULT, Map.of(key, value)));
    }

    private static String messageOf(Runnable load) {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, load::run);
        assertThat(e).as("a ConfigurationException").isNotNull();
        assertThat(e.getMessage()).doesNotContain("\n", "\r");
        return e.getMessage();
    }

    @Test
    void aMisspelledKeyIsRejectedWithTheClosestKnownKey() throws IOException {
        String message = failureOf("tiny.conf", "edgegen {\n  users.count = 4\n  task.arival-probability = 0.5\n}\n");

        assertThat(message).isEqualTo("unknown key 'edgegen.task.arival-probability' in tiny.conf:3;"
                + " did you mean 'edgegen.task.arrival-probability'?");
    }

    @Test
    void aKeyOutsideTheEdgegenNamespaceIsRejected() throws IOException {
        String message = failureOf("akka.conf", "akka.loglevel = DEBUG\n");

        assertThat(message).startsWith("unknown key 'akka.loglevel' in akka.conf:1")
                .contains("only set keys under 'edgegen'");
    }

    @Test
    void aKeyWithoutTheNamespaceGetsTheNamespacedKeyAsHint() {
        String message = failureOfOverride("users.count", "5");

        assertThat(message).contains("'users.count'", "did you mean 'edgegen.users.count'?", "--set");
    }

    @Test
    void aMisspelledSectionIsReportedAtItsFirstKey() throws IOException {
        String message = failureOf("s.conf", "edgegen.chanel { shadowing-std-db = 6 }\n");

        assertThat(message).contains("'edgegen.chanel.shadowing-std-db'", "'edgegen.channel.shadowing-std-db'");
    }

    @Test
    void severalUnknownKeysAreCounted() throws IOException {
        String message = failureOf("s.conf", "edgegen.foo = 1\nedgegen.bar = 2\nedgegen.baz = 3\n");

        assertThat(message).startsWith("unknown key 'edgegen.foo' in s.conf:1").endsWith("(and 2 more unknown keys)");
    }

    @Test
    void aWrongTypeNamesTheKeyTheExpectedTypeAndTheValue() throws IOException {
        String message = failureOf("s.conf", "edgegen.users.count = \"many\"\n");

        assertThat(message).isEqualTo("edgegen.users.count: expected an integer, got \"many\" (in s.conf:1)");
    }

    @Test
    void aFractionIsNotAnInteger() {
        assertThat(failureOfOverride("edgegen.users.count", "2.5"))
                .startsWith("edgegen.users.count: expected an integer, got 2.5");
    }

    @Test
    void anObjectWhereANumberBelongsIsAWrongType() {
        assertThat(failureOfOverride("edgegen.time.slot-seconds", "{a = 1}"))
                .startsWith("edgegen.time.slot-seconds: expected a number, got {");
    }

    @Test
    void aValueWhereASectionBelongsIsAWrongType() {
        assertThat(failureOfOverride("edgegen.task", "3")).startsWith("edgegen.task: expected an object, got 3");
    }

    @Test
    void aNullValueIsAWrongType() {
        assertThat(failureOfOverride("edgegen.device.power-w", "null"))
                .startsWith("edgegen.device.power-w: expected a number, got null");
    }

    @Test
    void anOutOfRangeValueNamesTheAllowedRange() throws IOException {
        String message = failureOf("s.conf", "edgegen.task.arrival-probability = 1.5\n");

        assertThat(message).isEqualTo(
                "edgegen.task.arrival-probability = 1.5 is out of range: allowed 0 <= value <= 1 (in s.conf:1)");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = ';', value = {
        "edgegen.time.slot-seconds; 0; value > 0",
        "edgegen.time.slots-per-episode; 0; value >= 1",
        "edgegen.users.count; 0; value >= 1",
        "edgegen.topology.hex-rings; -1; 0 <= value <= 400",
        "edgegen.topology.grid-rows; 0; 1 <= value <= 1000",
        "edgegen.topology.inter-site-distance-m; -500; value > 0",
        "edgegen.topology.min-user-distance-m; 250; half the inter-site distance",
        "edgegen.backhaul.latency-ms; -1; value >= 0",
        "edgegen.channel.uplink-bandwidth-mhz; 0; value > 0",
        "edgegen.device.power-w; 0; value > 0",
        "edgegen.edge.background-utilisation; 1; 0 <= value < 1",
        "edgegen.edge.queue-cap-image-steps; 0; value > 0",
        "edgegen.edge.gpu-profiles.T4.step-s-per-image; 0; value > 0",
        "edgegen.diffusion.step-choices; [5, 5, 10]; strictly increasing",
        "edgegen.diffusion.step-choices; [0, 5]; value >= 1",
        "edgegen.diffusion.clip.log-base; 1; value > 1",
        "edgegen.cost.weights.energy; -0.1; 0 <= value <= 1000000",
        "edgegen.cost.weights.energy; 1e308; 0 <= value <= 1000000",
        "edgegen.penalty.invalid; 1e308; 0 <= value <= 1000000",
        "edgegen.channel.ue-power-dbm; 1e308; -100 <= value <= 100",
        "edgegen.channel.bs-power-dbm; -1e308; -100 <= value <= 100",
        "edgegen.cost.delay-ref-s; 1e-300; value >= 1.0E-6",
        "edgegen.penalty.energy-max-j; -1; value > 0",
        "edgegen.mdp.discount; 1; 0 <= value < 1",
        "edgegen.mdp.max-candidates; 65; 1 <= value <= 64",
        "edgegen.baselines.opt.max-joint-actions; 0; value >= 1",
        "edgegen.sim.chunk-size; 0; 1 <= value <= 100000",
        "edgegen.sim.weight-chunk-floats; 0; 1 <= value <= 10000000",
    })
    void outOfRangeValuesAreRejected(String key, String value, String allowed) {
        String message = failureOfOverride(key, value);

        assertThat(message).contains(key, "out of range", allowed);
    }

    @Test
    void aRateFeatureOtherThanOnOrOffIsRejectedNamingTheKey() {
        String message = failureOfOverride("edgegen.mdp.rate-feature", "sometimes");

        assertThat(message).contains("edgegen.mdp.rate-feature");
    }

    @Test
    void allCostWeightsZeroIsRejected() {
        String message = failureOfOverride("edgegen.cost.weights", "{delay = 0, energy = 0, error = 0}");

        assertThat(message).contains("edgegen.cost.weights", "at least one > 0");
    }

    @Test
    void aPairWithMinAboveMaxIsRejected() throws IOException {
        String message = failureOf("s.conf", "edgegen.task.deadline-s { min = 12, max = 4 }\n");

        assertThat(message).startsWith(
                "edgegen.task.deadline-s = {min = 12, max = 4} is out of range: allowed min <= max");
    }

    @Test
    void anUnknownLayoutNamesTheAllowedLayouts() {
        assertThat(failureOfOverride("edgegen.topology.layout", "hexagon")).isEqualTo(
                "edgegen.topology.layout = \"hexagon\" is not allowed: expected one of hex, grid (in --set)");
    }

    @Test
    void anUnknownErrorModelNamesTheAllowedModels() {
        assertThat(failureOfOverride("edgegen.diffusion.error-model", "fid"))
                .contains("edgegen.diffusion.error-model", "\"fid\"", "clip, power-law");
    }

    @Test
    void aSwitchMustBeOnOrOff() {
        assertThat(failureOfOverride("edgegen.topology.cooperation", "maybe"))
                .startsWith("edgegen.topology.cooperation: expected on or off, got \"maybe\"");
    }

    @Test
    void aGpuListOfTheWrongLengthIsRejected() {
        String message = failureOfOverride("edgegen.topology.hex-rings", "2");

        assertThat(message).isEqualTo(
                "edgegen.edge.gpus has 7 entries but the hex (2 rings) layout has 19 cells (one GPU per cell, in BS order,"
                        + " or set edgegen.edge.gpus-repeat = on to repeat the list over the cells)");
    }

    @Test
    void anEmptyGpuPatternIsRejected() {
        String message = messageOf(() -> ScenarioLoader.load(DEFAULT,
                Map.of("edgegen.edge.gpus-repeat", "on", "edgegen.edge.gpus", "[]")));

        assertThat(message).startsWith("edgegen.edge.gpus = [] is not allowed: with edgegen.edge.gpus-repeat = on give at least");
    }

    @Test
    void moreRingsThanAllowedAreRejected() {
        assertThat(failureOfOverride("edgegen.topology.hex-rings", "401"))
                .isEqualTo("edgegen.topology.hex-rings = 401 is out of range: allowed 0 <= value <= 400 (in --set)");
    }

    @Test
    void anUnknownGpuNameListsTheKnownOnes() {
        String message = failureOfOverride("edgegen.edge.gpus", "[A100, RTX4090, RTX3090, V100, T4, A100, H200]");

        assertThat(message).startsWith("edgegen.edge.gpus[6] = \"H200\" is not a known GPU: allowed ")
                .contains("A100", "RTX3090", "RTX4090", "T4", "V100", "edgegen.edge.gpu-profiles");
    }

    @Test
    void aCustomGpuProfileWithAnExtraKeyIsRejected() throws IOException {
        String message = failureOf("s.conf",
                "edgegen.edge.gpu-profiles.H100 { step-overhead-s = 0.01, step-s-per-image = 0.008, memory-gb = 80 }\n");

        assertThat(message).startsWith("unknown key 'edgegen.edge.gpu-profiles.H100.memory-gb' in s.conf:1");
    }

    @Test
    void aCustomGpuProfileWithAMisspelledKeySuggestsTheRightOne() throws IOException {
        String message = failureOf("s.conf",
                "edgegen.edge.gpu-profiles.H100 { step-overhead = 0.01, step-s-per-image = 0.008 }\n");

        assertThat(message).contains("'edgegen.edge.gpu-profiles.H100.step-overhead'",
                "did you mean 'edgegen.edge.gpu-profiles.H100.step-overhead-s'?");
    }

    @Test
    void aCustomGpuProfileWithAMissingKeyIsRejected() throws IOException {
        String message = failureOf("s.conf", "edgegen.edge.gpu-profiles.H100 { step-s-per-image = 0.008 }\n");

        assertThat(message).isEqualTo("edgegen.edge.gpu-profiles.H100.step-overhead-s is missing");
    }

    @Test
    void tooFewCandidateSlotsForTheLayoutAreRejected() {
        String message = failureOfOverride("edgegen.mdp.max-candidates", "6");

        assertThat(message).startsWith("edgegen.mdp.max-candidates = 6 is too small")
                .contains("6 neighbours", "allowed value >= 7");
    }

    @Test
    void aWiderNeighbourRadiusNeedsMoreCandidateSlots() {
        String message = messageOf(() -> ScenarioLoader.load(Path.of("conf", "scenarios", "large.conf"),
                Map.of("edgegen.topology.neighbour-radius-factor", "1.8")));

        assertThat(message).startsWith("edgegen.mdp.max-candidates = 7 is too small").contains("12 neighbours");
    }

    @Test
    void aMissingFileIsReported() {
        Path missing = dir.resolve("nope.conf");

        assertThatThrownBy(() -> ScenarioLoader.load(missing))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("scenario file not found: " + missing);
    }

    @Test
    void aDirectoryIsNotAScenarioFile() {
        assertThatThrownBy(() -> ScenarioLoader.load(dir))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("scenario file not found: " + dir);
    }

    @Test
    void aSyntaxErrorNamesTheFileAndLine() throws IOException {
        String message = failureOf("broken.conf", "edgegen {\n  users.count = 4\n  task { arrival-probability = \n");

        assertThat(message).startsWith("syntax error in broken.conf:");
    }

    @Test
    void aSyntaxErrorInAnIncludedFileNamesThatFile() throws IOException {
        Files.writeString(dir.resolve("base.conf"), "edgegen.users.count = [\n");
        String message = failureOf("top.conf", "include \"base.conf\"\n");

        assertThat(message).startsWith("syntax error in base.conf:");
    }

    @Test
    void overridesAreValidatedLikeTheFile() {
        assertThat(failureOfOverride("edgegen.users.count", "many"))
                .isEqualTo("edgegen.users.count: expected an integer, got \"many\" (in --set)");
        assertThat(failureOfOverride("edgegen.users.cont", "5"))
                .isEqualTo("unknown key 'edgegen.users.cont' in --set; did you mean 'edgegen.users.count'?");
    }

    @Test
    void anOverrideThatIsNotASingleValueIsRejected() {
        assertThat(failureOfOverride("edgegen.users.count", "5, edgegen.time.slot-seconds = 2"))
                .contains("edgegen.users.count", "not a single value");
        assertThat(failureOfOverride("edgegen.users.count", "[1, "))
                .contains("edgegen.users.count", "not a valid HOCON value");
        assertThat(failureOfOverride("edgegen.users.count", " ")).contains("has no value");
    }

    @Test
    void aMalformedAssignmentIsRejected() {
        assertThat(messageOf(() -> ScenarioLoader.parseOverrides(java.util.List.of("edgegen.users.count"))))
                .contains("'edgegen.users.count' is not of the form key=value");
    }

    @Test
    void aScenarioNameMustBeUsableInFileNames() {
        assertThat(messageOf(() -> ScenarioLoader.fromConfig(
                ConfigFactory.parseString("edgegen.scenario-name = \"a/b\""))))
                .startsWith("edgegen.scenario-name = \"a/b\" is not allowed");
    }

    @Test
    void anOverrideWithASubstitutionIsRejectedInOneShortLine() {
        for (String value : new String[] {"${?UNDEFINED}", "${?edgegen.users.count}"}) {
            assertThat(failureOfOverride("edgegen.users.count", value)).as(value)
                    .startsWith("override edgegen.users.count=" + value + " holds a substitution")
                    .contains("allowed a plain value").hasSizeLessThan(200);
        }
    }

    @Test
    void everyKindOfMissingIncludeIsNamedWithItsPath() throws IOException {
        assertThat(failureOf("plain.conf", "include \"missing.conf\"\n")).isEqualTo("include \"missing.conf\" in "
                + dir.resolve("plain.conf") + ": file not found: " + dir.resolve("missing.conf").toAbsolutePath());
        assertThat(failureOf("required.conf", "include required(\"missing.conf\")\n"))
                .contains("file not found: " + dir.resolve("missing.conf").toAbsolutePath())
                .doesNotContain("classpath");
        assertThat(failureOf("file.conf", "include required(file(\"missing.conf\"))\n"))
                .isEqualTo("include file(\"missing.conf\") in " + dir.resolve("file.conf") + ": file not found: "
                        + Path.of("missing.conf").toAbsolutePath());
        assertThat(failureOf("optional-file.conf", "include file(\"missing.conf\")\n"))
                .contains("file not found: " + Path.of("missing.conf").toAbsolutePath());
        assertThat(failureOf("classpath.conf", "include classpath(\"missing.conf\")\n"))
                .contains("include classpath(\"missing.conf\")", "not found on the classpath");
    }

    @Test
    void anIncludeOfAnIncludedFileIsRelativeToThatFile() throws IOException {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/inner.conf"), "edgegen.users.count = 3\n");
        Files.writeString(dir.resolve("sub/outer.conf"), "include \"inner.conf\"\n");
        Path top = Files.writeString(dir.resolve("top.conf"), "include \"" + DEFAULT.toAbsolutePath()
                + "\"\ninclude \"sub/outer.conf\"\n");

        assertThat(ScenarioLoader.load(top).scenario().userCount()).isEqualTo(3);
    }

    @Test
    void aFifoOrADeviceIsNotAScenarioFileNorAnInclude() throws IOException, InterruptedException {
        assertThat(messageOf(() -> ScenarioLoader.load(Path.of("/dev/zero"))))
                .isEqualTo("scenario file /dev/zero is not a regular file (a FIFO, device or socket); allowed a "
                        + "HOCON file");
        assertThat(failureOf("zero.conf", "include \"/dev/zero\"\n")).contains("/dev/zero is not a regular file");
        Path fifo = dir.resolve("fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        if (mkfifo.waitFor() == 0) { // no mkfifo (not a POSIX system): the device case above stands
            assertThat(messageOf(() -> ScenarioLoader.load(fifo))).contains(fifo + " is not a regular file");
        }
    }

    @Test
    void anIntegerBeyondTheIntRangeIsToldTheKeysOwnRange() {
        for (String value : new String[] {"2147483648", "99999999999999"}) {
            assertThat(failureOfOverride("edgegen.users.count", value)).as(value).isEqualTo("edgegen.users.count = "
                    + value + " is out of range: allowed 1 <= value <= 2147483647 (in --set)");
        }
        assertThat(failureOfOverride("edgegen.users.count", "-5")).contains("allowed value >= 1");
    }
}
