package org.edgegen.sim;

import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.SerializationTestKit;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.edgegen.cluster.Nodes;
import org.edgegen.config.LoadedScenario;
import org.edgegen.config.ScenarioLoader;
import org.edgegen.model.SystemModel;
import org.edgegen.model.queue.Arrival;
import org.edgegen.model.queue.Service;
import org.edgegen.model.slot.Decision;
import org.edgegen.model.slot.Path;
import org.edgegen.model.slot.SlotRecord;
import org.edgegen.model.slot.TaskOutcome;
import org.edgegen.training.PolicyTrainer;
import org.edgegen.training.RunReport;
import org.edgegen.training.RunSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A whole run through {@link ActorSimulation} on the test kit's system, with every message serialized as if it
 * crossed nodes and the event stream watched for dead letters and unhandled messages; and the messages such a run
 * does not always send, serialized one by one.
 */
class WholeRunTest {

    static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString("""
            akka.actor.serialize-messages = on
            """).withFallback(Nodes.localConfig()));

    static DeadLetterWatch deadLetters;

    @BeforeAll
    static void watch() {
        deadLetters = DeadLetterWatch.on(testKit);
    }

    @AfterAll
    static void shutDown() {
        testKit.shutdownTestKit();
    }

    @Test
    void aWholeTinyRunLosesNoMessageAndGivesEveryDrawnTaskExactlyOneOutcome() {
        // a message that fails to serialize is swallowed: a short phase timeout turns that into a quick failure
        LoadedScenario tiny = ScenarioLoader.load(TinyRun.TINY, Map.of(
                "edgegen.task.arrival-probability", "0.6",
                "edgegen.sim.slot-timeout-s", "5",
                "edgegen.sim.max-episode-attempts", "1"));
        long seed = 17;
        int episodes = 2;
        List<Integer> episodeOrder = new ArrayList<>();
        List<SlotRecord> records = new ArrayList<>();

        RunReport report = ActorSimulation.run(testKit.system(), new RunRequest(tiny, "random", episodes, seed),
                (episode, slots) -> {
                    episodeOrder.add(episode);
                    records.addAll(slots);
                });

        deadLetters.expectNone();
        assertThat(report).isEqualTo(RunReport.CLEAN);
        assertThat(episodeOrder).containsExactly(0, 1);
        SystemModel model = SystemModel.of(tiny.scenario());
        assertThat(records).hasSize(episodes * model.slotsPerEpisode());
        for (SlotRecord record : records) {
            List<Integer> withTask = new ArrayList<>();
            for (int user = 0; user < model.userCount(); user++) {
                if (model.tasks().draw(seed, record.episode(), user, record.slot()).isPresent()) {
                    withTask.add(user);
                }
            }
            assertThat(record.outcomes()).extracting(TaskOutcome::userId).containsExactlyElementsOf(withTask);
            double meanCost = record.outcomes().stream().mapToDouble(TaskOutcome::cost).average().orElse(0.0);
            assertThat(record.meanCost()).isCloseTo(meanCost, Formulas.close(meanCost));
        }
        assertThat(records.stream().flatMap(r -> r.outcomes().stream()).map(TaskOutcome::path))
                .as("the run exercised every path, the relays over the backhaul included")
                .contains(Path.LOCAL, Path.HOME, Path.NEIGHBOUR);
    }

    @Test
    void theMessagesAWholeRunDoesNotAlwaysSendRoundTripThroughJacksonCborWithTheirNumbers() {
        SerializationTestKit serialization = new SerializationTestKit(testKit.system());
        TinyRun run = TinyRun.of(3, Map.of("edgegen.task.arrival-probability", "1.0"));
        var task = run.task(0, 0);
        var dropped = new TaskOutcome.OffloadTrace(2, 1.5e7, 0.2, 0.201, 40.0, Double.NaN, 0, Double.NaN);
        var failed = run.context.outcomes().failed(task, 20, 0.04, dropped);
        var invalid = run.context.outcomes().failed(task, 20, 0.0, TaskOutcome.OffloadTrace.NONE);
        List<Object> messages = List.of(
                new UserDevice.TaskResult(0, 1, 5, dropped, true),
                new BaseStation.UserOutcome(0, 1, 5, failed),
                new BaseStation.Settled(0, 1, 5, invalid, 2.25),
                new BaseStation.OffloadRequest(0, 1, 5, 0, task, 1, 20, 0.0),
                new BaseStation.RelayBatch(0, 1, 5, 0, List.of(new Arrival(3, 0.012, 25))),
                new BaseStation.RelayResults(0, 1, 5, 1, List.of(new Service(3, 20.0, Double.NaN, true))),
                new BaseStation.DownlinkActive(0, 1, 5, 4, true),
                new SlotCoordinator.RunCompleted(new RunReport(1, 1, 3)),
                new SlotCoordinator.RunCompleted(new RunReport(0, 3, 0, 1)),
                new SlotCoordinator.Progress(2, 0, -2, new RunReport(1, 1, 0, 0)),
                new SlotCoordinator.LearnerWorking(2, 1),
                new SlotCoordinator.Started(testKit.<SlotCoordinator.Command>createTestProbe().ref(), 6),
                new SlotCoordinator.StartRun(new RunSpec("run", "edgegen {}", 7, "greedy-local"), 3, 10.0, 3,
                        testKit.<SlotCoordinator.RunEvent>createTestProbe().ref(), 1),
                new SlotCoordinator.RunFailed("episode 0 failed 2 times", new RunReport(2, 1, 0)),
                new SlotCoordinator.EpisodeCompleted(0, 1, 3),
                new SlotCoordinator.Unsendable("cannot send X: 300,000 bytes"),
                new Learner.Unsendable(0, 1, "cannot send X: 300,000 bytes"));
        for (Object message : messages) {
            assertThat(serialization.verifySerialization(message, true)).isEqualTo(message);
        }

        var begin = new BaseStation.BeginSlot(0, 1, 5, new double[] {12.5, 0.0}, new int[] {2, 0},
                List.of(Decision.offload(1, 20), Decision.NONE, Decision.local(5), Decision.invalid(10)));
        var copy = serialization.verifySerialization(begin, false);
        assertThat(copy.candidateBacklogImageSteps()).containsExactly(12.5, 0.0);
        assertThat(copy.candidateLastArrivals()).containsExactly(2, 0);
        assertThat(copy.assigned()).isEqualTo(begin.assigned());
        var transmitters = serialization.verifySerialization(new BaseStation.Transmitters(0, 1, 5, 2,
                new int[] {3, 8}), false);
        assertThat(transmitters.fromBs()).isEqualTo(2);
        assertThat(transmitters.userIds()).containsExactly(3, 8);
        var part = new SlotCoordinator.SlotPart(4, 1, 0, failed.cost(), 2, List.of(failed, invalid));
        assertThat(serialization.verifySerialization(part, false).outcomes()).isEqualTo(part.outcomes());
        var snapshot = org.edgegen.policy.neural.NeuralFixtures.randomSnapshot(4, new int[] {8}, 1.0, 0.5, 3);
        var piece = new PolicyBoard.PolicyPiece("run", 4, 16, new float[] {0.5f, -1.25f});
        assertThat(serialization.verifySerialization(piece, false).values()).containsExactly(0.5f, -1.25f);
        var update = new PolicyBoard.PolicyUpdate("run", 4, 4, new int[] {8}, 1, 3, 100, 2,
                testKit.<Learner.Command>createTestProbe().ref());
        assertThat(serialization.verifySerialization(update, false).hiddenSizes()).containsExactly(8);
        assertThat(PolicyBoard.unflatten(new PolicyBoard.PolicyUpdate("run", snapshot.version(),
                snapshot.featureCount(), snapshot.hiddenSizes(), snapshot.serverChoices(), snapshot.stepChoices(),
                0, 0, null), PolicyBoard.flatten(snapshot))).usingRecursiveComparison().isEqualTo(snapshot);
        var summary = new SlotCoordinator.SlotSummary(0, 1, 5, 1, List.of(failed, invalid), 7.25, 2,
                new int[] {0, 3}, new double[] {0.0, 4.5});
        var summaryCopy = serialization.verifySerialization(summary, false);
        assertThat(summaryCopy.outcomes()).isEqualTo(summary.outcomes());
        assertThat(summaryCopy.nextBacklogImageSteps()).isEqualTo(7.25);
        assertThat(summaryCopy.cellUsers()).containsExactly(0, 3);
        assertThat(summaryCopy.userBacklogsSeconds()).containsExactly(0.0, 4.5);
    }
}
