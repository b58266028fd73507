package org.edgegen.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.edgegen.cluster.Nodes;
import org.edgegen.cluster.Wire;
import org.edgegen.config.SimSettings;
import org.edgegen.model.slot.Path;
import org.edgegen.model.slot.SlotRecord;
import org.edgegen.model.slot.TaskOutcome;
import org.edgegen.training.Transition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The pieces that cross nodes, at the default chunk sizes, fit Akka's default frame with room to spare; an
 * episode split into pieces and put together again is the same episode; and the check before sending names the
 * message and its size.
 */
class MessageSizeTest {

    static final ActorTestKit testKit = ActorTestKit.create(Nodes.localConfig());

    @AfterAll
    static void shutDown() {
        testKit.shutdownTestKit();
    }

    private static final TinyRun RUN = TinyRun.of(3, Map.of("edgegen.task.arrival-probability", "1.0"));

    /** An offloaded outcome with every number of its trace set: the largest kind. */
    private static TaskOutcome outcome(int userId) {
        var trace = new TaskOutcome.OffloadTrace(12, 1.234567e7, 0.2345678, 0.2456789, 1234.5678, 3.4567891, 11,
                2.345678e7);
        TaskOutcome base = RUN.context.outcomes().completed(RUN.task(0, 0), Path.NEIGHBOUR, 5, 30, 3.4567891,
                0.123456789, trace);
        return new TaskOutcome(userId, base.path(), base.serverBs(), base.steps(), base.delaySeconds(),
                base.energyJoules(), base.error(), base.cost(), base.penalty(), base.deadlineViolated(),
                base.qualityViolated(), base.dropped(), base.invalid(), base.offload());
    }

    private static Transition transition(int slot) {
        double[] features = new double[42];
        for (int i = 0; i < features.length; i++) {
            features[i] = 0.123456789 * (i + 1) / 7;
        }
        boolean[] servers = new boolean[7];
        boolean[] steps = new boolean[8];
        java.util.Arrays.fill(servers, true);
        java.util.Arrays.fill(steps, true);
        return new Transition(slot, features, new boolean[] {true, true}, servers, steps, 1, 3, 5, -2.3456789,
                17, 0.3456789, new Transition.Credit(0.123456789, 3, 1.23456789, 30, true, 0.0333333333));
    }

    private static int bytes(Object message) {
        return Wire.serializedBytes(testKit.system(), message);
    }

    @Test
    void thePiecesOfTheDefaultChunkSizesFitTheDefaultFrameWithRoomToSpare() {
        int k = SimSettings.DEFAULT_CHUNK_SIZE;
        List<TaskOutcome> outcomes = new ArrayList<>();
        List<Transition> transitions = new ArrayList<>();
        int[] users = new int[k];
        for (int i = 0; i < k; i++) {
            outcomes.add(outcome(100_000 + i));
            transitions.add(transition(100_000 + i));
            users[i] = 100_000 + i;
        }
        long limit = Wire.payloadLimitBytes(testKit.system());

        int slotPart = bytes(new SlotCoordinator.SlotPart(1_000, 3, 59, 1.2345678, 7, outcomes));
        int summary = bytes(new SlotCoordinator.SlotSummary(1_000, 3, 59, 3_999, 7, 9, outcomes, 123.456, 17, users,
                new double[k]));
        int trajectory = bytes(new Learner.Trajectory(1_000, 3, 99_999, 0, 1, transitions));
        int weights = bytes(new PolicyBoard.PolicyPiece("0b0e5e6c-6f3c-4b0e-9a43-1c5f2b6a7d10", 1_000, 1_000_000,
                new float[SimSettings.DEFAULT_WEIGHT_CHUNK_FLOATS]));

        assertThat(List.of(slotPart, summary, trajectory, weights)).allSatisfy(size ->
                assertThat((long) size).isLessThan(limit / 2));
        // per element, for the size budget in docs/architecture.md
        assertThat(slotPart / k).as("bytes per outcome").isBetween(100, 1_000);
        assertThat(trajectory / k).as("bytes per transition").isBetween(100, 2_000);
        assertThat(weights / SimSettings.DEFAULT_WEIGHT_CHUNK_FLOATS).as("bytes per weight float").isBetween(4, 6);
    }

    @Test
    void anEpisodeInPiecesOfTwoIsPutTogetherExactlyAndAStartedOverAttemptDropsTheOldPieces() {
        List<SlotRecord> records = List.of(
                new SlotRecord(4, 0, List.of(outcome(1), outcome(2), outcome(5)), 1.5),
                new SlotRecord(4, 1, List.of(), 0.0),
                new SlotRecord(4, 2, List.of(outcome(0), outcome(3)), 2.5));
        List<SlotCoordinator.SlotPart> pieces = Chunks.slotParts(4, 1, records, 2);
        assertThat(pieces).extracting(SlotCoordinator.SlotPart::slot).containsExactly(0, 0, 1, 2);
        assertThat(pieces).allSatisfy(p -> assertThat(p.outcomes()).hasSizeLessThanOrEqualTo(2));

        Chunks.Assembly assembly = new Chunks.Assembly();
        Chunks.slotParts(4, 0, records, 2).subList(0, 2).forEach(assembly::add);
        pieces.forEach(assembly::add);
        assertThat(assembly.take(4, 1, pieces.size())).isEqualTo(records);

        pieces.subList(0, 3).forEach(assembly::add);
        assertThatThrownBy(() -> assembly.take(4, 1, pieces.size()))
                .hasMessage("episode 4 arrived incomplete: 3 of its 4 pieces");
    }

    @Test
    void aSlotSummaryInPiecesCarriesEveryOutcomeAndEveryUsersBacklogOnce() {
        List<TaskOutcome> outcomes = List.of(outcome(1), outcome(4), outcome(6));
        int[] users = {1, 2, 4, 5, 6, 8, 9};
        double[] backlogs = {0.1, 0.2, 0.4, 0.5, 0.6, 0.8, 0.9};

        List<SlotCoordinator.SlotSummary> pieces = SlotCoordinator.SlotSummary.pieces(0, 0, 3, 2, outcomes, 7.5, 2,
                users, backlogs, 3);

        assertThat(pieces).hasSize(3).allSatisfy(p -> {
            assertThat(p.parts()).isEqualTo(3);
            assertThat(p.nextBacklogImageSteps()).isEqualTo(7.5);
        });
        assertThat(pieces.stream().flatMap(p -> p.outcomes().stream()).toList()).isEqualTo(outcomes);
        assertThat(pieces.stream().flatMapToInt(p -> java.util.Arrays.stream(p.cellUsers())).toArray())
                .containsExactly(users);
        assertThat(pieces.stream().flatMapToDouble(p -> java.util.Arrays.stream(p.userBacklogsSeconds())).toArray())
                .containsExactly(backlogs);
    }

    @Test
    void theCheckLetsLocalMessagesPassUnserializedAndNamesAnUnserializableOne() {
        TestProbe<SlotCoordinator.RunEvent> local = testKit.createTestProbe();
        List<TaskOutcome> many = Collections.nCopies(5_000, outcome(1));
        // local: not serialized, so not checked
        Wire.check(testKit.system(), local.ref(), new SlotCoordinator.SlotPart(0, 0, 0, 0.0, 0, many));

        assertThatThrownBy(() -> Wire.serializedBytes(testKit.system(), new Object()))
                .isInstanceOf(Wire.UnsendableException.class)
                .hasMessageStartingWith("cannot send Object: it cannot be serialized");
    }
}
