package org.edgegen.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edgegen.model.Range;
import org.edgegen.model.Scenario;
import org.edgegen.model.Scenario.LayoutKind;
import org.edgegen.model.diffusion.ClipQualityError;
import org.edgegen.model.diffusion.GpuProfile;
import org.edgegen.model.diffusion.PowerLawError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioLoaderTest {

    private static final Path SCENARIOS = Path.of("conf", "scenarios");

    @TempDir
    Path dir;

    private Path write(String name, String hocon) throws IOException {
        return Files.writeString(dir.resolve(name), hocon);
    }

    @Test
    void defaultsEqualTheSystemModelTableInSiUnits() {
        Scenario s = ScenarioLoader.load(SCENARIOS.resolve("default.conf")).scenario();

        assertThat(s.name()).isEqualTo("default");
        assertThat(s.time().slotSeconds()).isEqualTo(1.0);
        assertThat(s.time().slotsPerEpisode()).isEqualTo(60);
        assertThat(s.layout().kind()).isEqualTo(LayoutKind.HEX);
        assertThat(s.layout().hexRings()).isEqualTo(1);
        assertThat(s.cellCount()).isEqualTo(7);
        assertThat(s.layout().interSiteDistanceMeters()).isEqualTo(500.0);
        assertThat(s.layout().neighbourRadiusFactor()).isEqualTo(1.01);
        assertThat(s.layout().minUserDistanceMeters()).isEqualTo(35.0);
        assertThat(s.layout().cooperation()).isTrue();
        assertThat(s.userCount()).isEqualTo(20);

        assertThat(s.backhaul().rateBitsPerSecond()).isEqualTo(new Range(400e6, 500e6));
        assertThat(s.backhaul().latencySeconds()).isCloseTo(1e-3, within(1e-15));

        assertThat(s.radio().pathLossInterceptDb()).isEqualTo(128.1);
        assertThat(s.radio().pathLossSlopeDb()).isEqualTo(37.6);
        assertThat(s.radio().shadowingStdDb()).isEqualTo(8.0);
        assertThat(s.radio().noisePsdDbmPerHz()).isEqualTo(-174.0);
        assertThat(s.radio().bsNoiseFigureDb()).isEqualTo(5.0);
        assertThat(s.radio().ueNoiseFigureDb()).isEqualTo(9.0);
        assertThat(s.radio().uplinkBandwidthHz()).isEqualTo(10e6);
        assertThat(s.radio().downlinkBandwidthHz()).isEqualTo(10e6);
        assertThat(s.radio().uePowerDbm()).isEqualTo(23.0);
        assertThat(s.radio().bsPowerDbm()).isEqualTo(46.0);
        assertThat(s.radio().interCellInterference()).isFalse();

        assertThat(s.tasks().arrivalProbability()).isEqualTo(0.3);
        assertThat(s.tasks().inputBits()).isEqualTo(new Range(2e6, 5e6));
        assertThat(s.tasks().outputBits().min()).isCloseTo(0.6e6, within(1e-6));
        assertThat(s.tasks().outputBits().max()).isEqualTo(1.0e6);
        assertThat(s.tasks().maxError()).isEqualTo(new Range(0.1, 0.5));
        assertThat(s.tasks().deadlineSeconds()).isEqualTo(new Range(4, 12));

        assertThat(s.device().stepSeconds()).isEqualTo(new Range(0.2, 0.8));
        assertThat(s.device().overheadSeconds()).isEqualTo(0.5);
        assertThat(s.device().powerWatts()).isEqualTo(7.5);

        GpuProfile a100 = new GpuProfile("A100", 0.019, 0.0192);
        GpuProfile rtx4090 = new GpuProfile("RTX4090", 0.0035, 0.0195);
        assertThat(s.edge().gpuPerCell()).containsExactly(
                a100, rtx4090, new GpuProfile("RTX3090", 0.009, 0.0362), new GpuProfile("V100", 0.019, 0.0365),
                new GpuProfile("T4", 0.007, 0.138), a100, rtx4090);
        assertThat(s.edge().overheadSeconds()).isZero();
        assertThat(s.edge().backgroundUtilisation()).isEqualTo(0.3);
        assertThat(s.edge().queueCapImageSteps()).isEqualTo(Double.POSITIVE_INFINITY);

        assertThat(s.diffusion().steps()).containsExactly(5, 10, 15, 20, 25, 30);
        assertThat(s.diffusion().errorModel()).isEqualTo(ClipQualityError.DEFAULT);
        assertThat(s.diffusion().error(20)).isCloseTo(0.083, within(1e-3));

        assertThat(s.cost().delayWeight()).isCloseTo(1.0 / 3, within(1e-15));
        assertThat(s.cost().energyWeight()).isCloseTo(1.0 / 3, within(1e-15));
        assertThat(s.cost().errorWeight()).isCloseTo(1.0 / 3, within(1e-15));
        assertThat(s.cost().delayRefSeconds()).isEqualTo(10.0);
        assertThat(s.cost().energyRefJoules()).isEqualTo(100.0);

        assertThat(s.penalty().deadlineWeight()).isEqualTo(1.0);
        assertThat(s.penalty().qualityWeight()).isEqualTo(1.0);
        assertThat(s.penalty().energyWeight()).isEqualTo(1.0);
        assertThat(s.penalty().invalidWeight()).isEqualTo(2.0);
        assertThat(s.penalty().energyMaxJoules()).isEqualTo(Double.POSITIVE_INFINITY);

        assertThat(s.mdp().discount()).isEqualTo(0.95);
        assertThat(s.mdp().maxCandidates()).isEqualTo(7);
        assertThat(s.mdp().maskStepsBelowMin()).isTrue();
        assertThat(s.opt().maxJointActions()).isEqualTo(2_000_000L);
    }

    @Test
    void anEmptyConfigurationIsTheDefaultScenario() {
        Scenario fromString = ScenarioLoader.fromConfig(ConfigFactory.empty()).scenario();

        assertThat(fromString).isEqualTo(ScenarioLoader.load(SCENARIOS.resolve("default.conf")).scenario());
    }

    @Test
    void theTinyScenarioIsATwoCellGrid() {
        Scenario tiny = ScenarioLoader.load(SCENARIOS.resolve("tiny.conf")).scenario();

        assertThat(tiny.name()).isEqualTo("tiny");
        assertThat(tiny.layout().kind()).isEqualTo(LayoutKind.GRID);
        assertThat(tiny.cellCount()).isEqualTo(2);
        assertThat(tiny.userCount()).isEqualTo(4);
        assertThat(tiny.edge().gpuPerCell()).extracting(GpuProfile::name).containsExactly("A100", "T4");
    }

    @Test
    void theLargeScenarioHasNineteenCells() {
        Scenario large = ScenarioLoader.load(SCENARIOS.resolve("large.conf")).scenario();

        assertThat(large.name()).isEqualTo("large");
        assertThat(large.cellCount()).isEqualTo(19);
        assertThat(large.edge().gpuPerCell()).hasSize(19);
        assertThat(large.userCount()).isEqualTo(500);
    }

    @Test
    void theMetroScenariosKeepTheDefaultDensityAndRepeatItsGpuMix() {
        Scenario base = ScenarioLoader.load(SCENARIOS.resolve("default.conf")).scenario();
        double usersPerCell = (double) base.userCount() / base.cellCount();
        for (String name : List.of("metro", "metro-xl")) {
            Scenario metro = ScenarioLoader.load(SCENARIOS.resolve(name + ".conf")).scenario();

            assertThat(metro.name()).isEqualTo(name);
            assertThat((double) metro.userCount() / metro.cellCount()).as(name).isCloseTo(usersPerCell, within(0.01));
            assertThat(metro.edge().gpuPerCell()).as(name).hasSize(metro.cellCount());
            for (int b = 0; b < metro.cellCount(); b++) {
                assertThat(metro.edge().gpuPerCell().get(b))
                        .isEqualTo(base.edge().gpuPerCell().get(b % base.cellCount()));
            }
            assertThat(metro.layout().neighbourRadiusFactor()).isEqualTo(base.layout().neighbourRadiusFactor());
        }
        assertThat(ScenarioLoader.load(SCENARIOS.resolve("metro.conf")).scenario().cellCount()).isEqualTo(397);
        assertThat(ScenarioLoader.load(SCENARIOS.resolve("metro-xl.conf")).scenario().cellCount()).isEqualTo(3997);
    }

    @Test
    void theSinrAndPowerLawScenariosIncludeTheDefaultOne() {
        Scenario sinr = ScenarioLoader.load(SCENARIOS.resolve("sinr.conf")).scenario();
        Scenario powerLaw = ScenarioLoader.load(SCENARIOS.resolve("power-law.conf")).scenario();

        assertThat(sinr.name()).isEqualTo("sinr");
        assertThat(sinr.radio().interCellInterference()).isTrue();
        assertThat(sinr.cellCount()).isEqualTo(7);
        assertThat(powerLaw.name()).isEqualTo("power-law");
        assertThat(powerLaw.diffusion().errorModel()).isEqualTo(new PowerLawError(1.0, 5));
    }

    @Test
    void everyShippedScenarioLoads() throws IOException {
        try (var files = Files.list(SCENARIOS)) {
            List<Path> scenarios = files.filter(f -> f.toString().endsWith(".conf")).toList();
            assertThat(scenarios).hasSizeGreaterThanOrEqualTo(3);
            for (Path file : scenarios) {
                assertThat(ScenarioLoader.load(file).scenario().name())
                        .isEqualTo(file.getFileName().toString().replace(".conf", ""));
            }
        }
    }

    @Test
    void overridesApplyOnTopOfTheFile() {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("edgegen.users.count", "50");
        overrides.put("edgegen.topology.cooperation", "off");
        overrides.put("edgegen.task.deadline-s", "{min = 2, max = 6}");

        Scenario s = ScenarioLoader.load(SCENARIOS.resolve("tiny.conf"), overrides).scenario();

        assertThat(s.userCount()).isEqualTo(50);
        assertThat(s.layout().cooperation()).isFalse();
        assertThat(s.tasks().deadlineSeconds()).isEqualTo(new Range(2, 6));
        assertThat(s.cellCount()).isEqualTo(2);
    }

    @Test
    void anOverrideOfOneEndOfAPairKeepsTheOtherEnd() {
        Scenario s = ScenarioLoader.load(SCENARIOS.resolve("default.conf"),
                Map.of("edgegen.task.deadline-s.max", "20")).scenario();

        assertThat(s.tasks().deadlineSeconds()).isEqualTo(new Range(4, 20));
    }

    @Test
    void aSingleNumberForAPairMeansAFixedValue() {
        Scenario s = ScenarioLoader.load(SCENARIOS.resolve("default.conf"),
                Map.of("edgegen.task.input-size-mbit", "3")).scenario();

        assertThat(s.tasks().inputBits()).isEqualTo(new Range(3e6, 3e6));
    }

    @Test
    void commandLineAssignmentsSplitAtTheFirstEqualsSign() {
        Map<String, String> overrides = ScenarioLoader.parseOverrides(
                List.of("edgegen.users.count=50", "edgegen.scenario-name = \"a=b\"", "edgegen.users.count=60"));

        assertThat(overrides).containsExactly(
                Map.entry("edgegen.scenario-name", "\"a=b\""), Map.entry("edgegen.users.count", "60"));
    }

    @Test
    void aScenarioCanAddACustomGpuProfile() throws IOException {
        Path file = write("h100.conf", """
                edgegen {
                  edge.gpu-profiles.H100 { step-overhead-s = 0.01, step-s-per-image = 0.008 }
                  edge.gpus = [H100, H100, T4, T4, A100, A100, RTX4090]
                }
                """);

        Scenario s = ScenarioLoader.load(file).scenario();

        assertThat(s.edge().gpuPerCell().get(0)).isEqualTo(new GpuProfile("H100", 0.01, 0.008));
        assertThat(s.edge().gpuPerCell().get(0).throughputImageStepsPerSecond()).isCloseTo(125.0, within(1e-9));
    }

    @Test
    void aScenarioCanChangeOneValueOfAShippedGpuProfile() {
        Scenario s = ScenarioLoader.load(SCENARIOS.resolve("default.conf"),
                Map.of("edgegen.edge.gpu-profiles.T4.step-s-per-image", "0.1")).scenario();

        assertThat(s.edge().gpuPerCell().get(4)).isEqualTo(new GpuProfile("T4", 0.007, 0.1));
    }

    @Test
    void infiniteAndFiniteLimitsAreBothAccepted() {
        Scenario finite = ScenarioLoader.load(SCENARIOS.resolve("default.conf"), Map.of(
                "edgegen.edge.queue-cap-image-steps", "500",
                "edgegen.penalty.energy-max-j", "50")).scenario();
        Scenario infinite = ScenarioLoader.fromConfig(ConfigFactory.parseString(
                "edgegen.edge.queue-cap-image-steps = infinite\nedgegen.penalty.energy-max-j = \"infinite\"")).scenario();

        assertThat(finite.edge().queueCapImageSteps()).isEqualTo(500.0);
        assertThat(finite.penalty().energyMaxJoules()).isEqualTo(50.0);
        assertThat(infinite.edge().queueCapImageSteps()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(infinite.penalty().energyMaxJoules()).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void aScenarioFileCanIncludeAnotherRelativeToItself() throws IOException {
        Files.createDirectories(dir.resolve("sub"));
        write("sub/base.conf", "edgegen.users.count = 11\nedgegen.time.slots-per-episode = 5\n");
        Path file = write("sub/derived.conf", "include \"base.conf\"\nedgegen.users.count = 12\n");

        Scenario s = ScenarioLoader.load(file).scenario();

        assertThat(s.userCount()).isEqualTo(12);
        assertThat(s.time().slotsPerEpisode()).isEqualTo(5);
    }

    @Test
    void substitutionsMayReferToDefaults() {
        Scenario s = ScenarioLoader.fromConfig(ConfigFactory.parseString(
                "edgegen.channel.downlink-bandwidth-mhz = ${edgegen.channel.uplink-bandwidth-mhz}\n"
                        + "edgegen.channel.uplink-bandwidth-mhz = 20")).scenario();

        assertThat(s.radio().downlinkBandwidthHz()).isEqualTo(20e6);
    }

    @Test
    void theResolvedConfigurationRendersToAScenarioThatLoadsToTheSameScenario() throws IOException {
        LoadedScenario loaded = ScenarioLoader.load(SCENARIOS.resolve("tiny.conf"), Map.of("edgegen.users.count", "9"));
        Path copy = write("config.conf", loaded.renderHocon());

        LoadedScenario reloaded = ScenarioLoader.load(copy);

        assertThat(loaded.resolved().root().keySet()).containsExactly("edgegen");
        assertThat(reloaded.scenario()).isEqualTo(loaded.scenario());
    }

    @Test
    void theRateFeatureIsOffByDefaultAndListedInConfigConfOnlyWhenOn() throws IOException {
        LoadedScenario off = ScenarioLoader.load(SCENARIOS.resolve("tiny.conf"));
        LoadedScenario on = ScenarioLoader.load(SCENARIOS.resolve("tiny.conf"),
                Map.of("edgegen.mdp.rate-feature", "on"));

        assertThat(off.scenario().mdp().rateFeature()).isFalse();
        assertThat(on.scenario().mdp().rateFeature()).isTrue();
        assertThat(off.renderHocon()).as("off is left out, as before the key").doesNotContain("rate-feature");
        assertThat(on.renderHocon()).contains("rate-feature=on");
        assertThat(ScenarioLoader.load(write("on.conf", on.renderHocon())).scenario()).isEqualTo(on.scenario());
        assertThat(ScenarioLoader.load(write("off.conf", off.renderHocon())).scenario()).isEqualTo(off.scenario());
    }

    @Test
    void thePieceSizesAreRenderedAndTheRenderingLoadsToTheSameSettings() throws IOException {
        LoadedScenario defaults = ScenarioLoader.load(SCENARIOS.resolve("tiny.conf"));
        LoadedScenario set = ScenarioLoader.load(SCENARIOS.resolve("tiny.conf"),
                Map.of("edgegen.sim.chunk-size", "7", "edgegen.sim.weight-chunk-floats", "300"));

        assertThat(defaults.renderHocon()).contains("chunk-size=128").contains("weight-chunk-floats=16384");
        assertThat(set.renderHocon()).contains("chunk-size=7").contains("weight-chunk-floats=300");
        assertThat(ScenarioLoader.load(write("defaults.conf", defaults.renderHocon())).sim())
                .isEqualTo(defaults.sim()).isEqualTo(new SimSettings(30, 3, 128, 16384));
        assertThat(ScenarioLoader.load(write("set.conf", set.renderHocon())).sim())
                .isEqualTo(new SimSettings(30, 3, 7, 300));
    }

    @Test
    void systemPropertiesDoNotLeakIntoAScenario() {
        String key = "edgegen.users.count";
        String previous = System.getProperty(key);
        System.setProperty(key, "99");
        try {
            assertThat(ScenarioLoader.fromConfig(ConfigFactory.empty()).scenario().userCount()).isEqualTo(20);
        } finally {
            if (previous == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, previous);
            }
        }
    }
}
