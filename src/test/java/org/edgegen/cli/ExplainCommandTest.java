package org.edgegen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainCommandTest {

    @Test
    void explainingUserThreeOfTheDefaultScenarioPrintsValidJsonWithEveryValidAction() throws IOException {
        CliRun run = CliRun.of("explain", "--scenario", "conf/scenarios/default.conf", "--seed", "1", "--user", "3");

        assertThat(run.exitCode()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("user").asInt()).isEqualTo(3);
        JsonNode inputs = json.get("inputs");
        for (String field : new String[] {"deviceStepSeconds", "localBacklogSeconds", "distanceToHomeMeters",
                "homeGain", "homeCellUplinkUsersIfOffloading", "downlinkShareHzIfOffloading", "candidates"}) {
            assertThat(inputs.has(field)).as(field).isTrue();
        }
        assertThat(json.get("hasTask").asBoolean()).isTrue();
        {
            int candidates = inputs.get("candidates").size();
            // local plus one per candidate server, for each step choice from c^min up (the step mask is on)
            int minSteps = inputs.get("minSteps").asInt();
            long stepChoices = java.util.stream.IntStream.of(5, 10, 15, 20, 25, 30).filter(c -> c >= minSteps).count();
            assertThat(json.get("actions")).hasSize((int) stepChoices * (1 + candidates));
            for (JsonNode action : json.get("actions")) {
                assertThat(action.get("delaySeconds").asDouble()).isPositive();
                assertThat(action.get("cost").asDouble()).isPositive();
            }
            assertThat(json.get("baselines").has("greedy-local")).isTrue();
        }
    }

    @Test
    void aUserWithoutATaskGetsANotePointingToItsFirstSlotWithATask() throws IOException {
        CliRun run = CliRun.of("explain", "--scenario", "conf/scenarios/tiny.conf", "--seed", "4", "--user", "0");

        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(run.exitCode()).isZero();
        assertThat(json.get("hasTask").asBoolean()).isFalse();
        assertThat(json.get("note").asText()).contains("first slot with a task in this episode is 2");
        assertThat(json.has("actions")).isFalse();
    }

    @Test
    void theBestActionIsTheOneWithTheLowestCostPlusPenalty() throws IOException {
        CliRun run = CliRun.of("explain", "--scenario", "conf/scenarios/tiny.conf", "--seed", "4", "--user", "0", "--slot",
                "2", "--others", "greedy-local");
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("hasTask").asBoolean()).isTrue();
        double best = Double.POSITIVE_INFINITY;
        int bestIndex = -1;
        for (JsonNode action : json.get("actions")) {
            double value = action.get("cost").asDouble() + action.get("penalty").asDouble();
            if (value < best) {
                best = value;
                bestIndex = action.get("index").asInt();
            }
        }
        assertThat(json.get("bestActionIndex").asInt()).isEqualTo(bestIndex);
    }

    @Test
    void aMissingScenarioFileIsAOneLineUserError() {
        CliRun run = CliRun.of("explain", "--scenario", "no/such/file.conf", "--seed", "1", "--user", "0");

        assertThat(run.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(run.err().strip()).doesNotContain("\n").contains("no/such/file.conf");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aMisspelledKeyIsAOneLineUserErrorNamingTheKey(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("typo.conf"), "edgegen.task.arival-probability = 0.5\n");

        CliRun run = CliRun.of("explain", "--scenario", file.toString(), "--seed", "1", "--user", "0");

        assertThat(run.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(run.err().strip()).doesNotContain("\n").contains("edgegen.task.arival-probability");
    }

    @Test
    void aWrongTypeAndAnOutOfRangeValueAreUserErrorsNamingTheKey(@TempDir Path dir) throws IOException {
        Path wrongType = Files.writeString(dir.resolve("type.conf"), "edgegen.users.count = \"many\"\n");
        Path outOfRange = Files.writeString(dir.resolve("range.conf"), "edgegen.task.arrival-probability = 1.5\n");

        CliRun typeRun = CliRun.of("explain", "--scenario", wrongType.toString(), "--seed", "1", "--user", "0");
        CliRun rangeRun = CliRun.of("explain", "--scenario", outOfRange.toString(), "--seed", "1", "--user", "0");

        assertThat(typeRun.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(typeRun.err().strip()).doesNotContain("\n").contains("edgegen.users.count");
        assertThat(rangeRun.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(rangeRun.err().strip()).doesNotContain("\n").contains("edgegen.task.arrival-probability");
    }

    @Test
    void anUnknownPolicyOrUserIsAUserErrorListingWhatIsAllowed() {
        CliRun policy = CliRun.of("explain", "--scenario", "conf/scenarios/tiny.conf", "--seed", "1", "--user", "0",
                "--others", "clever");
        CliRun user = CliRun.of("explain", "--scenario", "conf/scenarios/tiny.conf", "--seed", "1", "--user", "4");

        assertThat(policy.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(policy.err()).contains("clever").contains("greedy-local");
        assertThat(user.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(user.err()).contains("0..3");
    }

    @Test
    void optIsChosenOnTheTinyScenarioAndRefusedOnTheDefaultOne() throws IOException {
        CliRun tiny = CliRun.of("explain", "--scenario", "conf/scenarios/tiny.conf", "--seed", "1", "--user", "2");
        JsonNode tinyJson = new ObjectMapper().readTree(tiny.out());
        assertThat(tinyJson.get("hasTask").asBoolean()).isTrue();
        assertThat(tinyJson.get("baselines").get("opt").has("actionIndex")).isTrue();
        for (String name : List.of("central-greedy", "central-least-finish", "central-least-finish-min", "opt")) {
            assertThat(tinyJson.get("baselines").get(name).get("kind").asText()).as(name)
                    .isEqualTo("centralised reference");
            assertThat(tinyJson.get("baselines").get(name).has("actionIndex")).as(name).isTrue();
        }
        for (String name : List.of("least-finish", "least-finish-min", "least-loaded")) {
            assertThat(tinyJson.get("baselines").get(name).get("kind").asText()).as(name).isEqualTo("decentralised");
        }

        CliRun big = CliRun.of("explain", "--scenario", "conf/scenarios/default.conf", "--seed", "1", "--user", "3",
                "--set", "edgegen.users.count=60");
        JsonNode bigJson = new ObjectMapper().readTree(big.out());
        assertThat(bigJson.get("hasTask").asBoolean()).isTrue();
        assertThat(bigJson.get("baselines").get("opt").get("refused").asText())
                .contains("edgegen.baselines.opt.max-joint-actions");
    }

    @Test
    void featuresAddTheVectorAndTheMasksAsTheNetworksReadThem() throws IOException {
        CliRun run = CliRun.of("explain", "--scenario", "conf/scenarios/tiny.conf", "--seed", "1", "--user", "2",
                "--features");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        // seven candidate slots (two of them real in tiny.conf): 7 + 5·7 features, 6 × 8 actions
        assertThat(json.get("features").get("vector")).hasSize(42);
        assertThat(json.get("features").get("named").get("has_task").asDouble()).isEqualTo(1.0);
        assertThat(json.get("features").get("named").get("cand1_present").asDouble()).isEqualTo(1.0);
        assertThat(json.get("features").get("named").get("cand2_present").asDouble()).isZero();
        assertThat(json.get("masks").get("action")).hasSize(48);
        assertThat(json.get("masks").get("server").get(1).asDouble()).isEqualTo(1.0);
        assertThat(json.get("masks").get("server").get(2).asDouble()).isZero();
        assertThat(json.get("masks").get("steps")).hasSize(6);
        assertThat(json.has("osi")).isFalse();
    }

    @Test
    void withACheckpointOsiCanBeTheOthersAndItsProbabilitiesPerHeadArePrinted(@TempDir Path train)
            throws IOException {
        CliRun trained = CliRun.of("train", "--scenario", "conf/scenarios/tiny.conf", "--episodes", "2", "--seed", "7",
                "--out", train.toString(), "--engine", "direct", "--set", "edgegen.time.slots-per-episode=5");
        assertThat(trained.exitCode()).as(trained.err()).isZero();

        CliRun run = CliRun.of("explain", "--scenario", "conf/scenarios/tiny.conf", "--seed", "1", "--user", "2",
                "--slot", "1", "--others", "osi", "--checkpoint", train.toString(), "--features");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("others").asText()).isEqualTo("osi");
        JsonNode osi = json.get("osi");
        for (String head : new String[] {"offload", "server", "steps"}) {
            double sum = 0;
            for (JsonNode p : osi.get(head)) {
                sum += p.asDouble();
            }
            assertThat(sum).as(head).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-6));
        }
        assertThat(osi.get("steps")).hasSize(6);
        // played as the default says: a draw at temperature 0.5, from softmax(log π / 0.5)
        assertThat(osi.get("played").asText()).isEqualTo("sample at temperature 0.5");
        for (String head : new String[] {"offload", "server", "steps"}) {
            JsonNode pi = osi.get(head);
            JsonNode played = osi.get("played" + Character.toUpperCase(head.charAt(0)) + head.substring(1));
            assertThat(played).hasSize(pi.size());
            double norm = 0;
            for (JsonNode p : pi) {
                norm += p.asDouble() * p.asDouble();
            }
            double sum = 0;
            for (int i = 0; i < pi.size(); i++) {
                double expected = pi.get(i).asDouble() * pi.get(i).asDouble() / norm;
                assertThat(played.get(i).asDouble()).as("%s %d", head, i)
                        .isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-9));
                sum += played.get(i).asDouble();
            }
            assertThat(sum).as(head).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
        }

        CliRun greedy = CliRun.of("explain", "--scenario", "conf/scenarios/tiny.conf", "--seed", "1", "--user", "2",
                "--slot", "1", "--others", "osi", "--checkpoint", train.toString(), "--features", "--set",
                "edgegen.learner.execution=greedy");
        assertThat(greedy.exitCode()).as(greedy.err()).isZero();
        JsonNode argmax = new ObjectMapper().readTree(greedy.out()).get("osi");
        assertThat(argmax.get("played").asText()).isEqualTo("greedy");
        double ones = 0;
        for (JsonNode p : argmax.get("playedSteps")) {
            assertThat(p.asDouble()).isIn(0.0, 1.0);
            ones += p.asDouble();
        }
        assertThat(ones).isEqualTo(1.0);
        // (π itself differs between the two runs: the other users play OSI too, greedily in the second)
    }

    @Test
    void osiAsTheOthersWithoutACheckpointIsAOneLineUserError() {
        CliRun run = CliRun.of("explain", "--scenario", "conf/scenarios/tiny.conf", "--seed", "1", "--user", "0",
                "--others", "osi");

        assertThat(run.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(run.err().strip()).doesNotContain("\n").contains("--checkpoint");
    }
}
