package org.edgegen.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.edgegen.config.ScenarioLoader;
import org.edgegen.model.SystemModel;
import org.edgegen.model.slot.Path;
import org.edgegen.policy.PolicyCatalog;
import org.edgegen.training.EpisodeExperience;
import org.edgegen.training.EpisodeExperience.UserTrajectory;
import org.edgegen.training.Transition;
import org.edgegen.training.Transition.Credit;
import org.junit.jupiter.api.Test;

class MarginalCreditTest {

    private static final SystemModel TINY = SystemModel.of(ScenarioLoader.load(java.nio.file.Path.of("conf/scenarios/tiny.conf"),
            Map.of("edgegen.time.slots-per-episode", "4")).scenario());

    private static Transition at(int slot, double penalty, Credit credit) {
        return new Transition(slot, new double[] {0}, new boolean[] {true, true}, new boolean[] {true},
                new boolean[] {true}, 1, 0, 0, -1.0, 0, penalty, credit);
    }

    @Test
    void aTaskIsChargedTheDelayOfTheQueueBoundTasksServedAfterItWhileItsStepsStayInTheBacklog() {
        double mu0 = TINY.gpu(0).throughputImageStepsPerSecond();
        // Server 0. Slot 0: user 0 (10 steps, arrives first), then user 1 (5 steps, queue-bound, weight 0.1).
        // Slot 1 (Q_0 = 4 at its start): user 2 (queue-bound, weight 0.2) and user 1 again (not queue-bound).
        // Slot 2 (Q_0 = 0): user 0 (queue-bound) feels nothing of slot 0 any more. User 3 stays local.
        UserTrajectory u0 = new UserTrajectory(0, List.of(
                at(0, 0.5, new Credit(0.3, 0, 0.1, 10, false, 1.0)),
                at(2, 0.0, new Credit(0.2, 0, 0.1, 5, true, 1.0))));
        UserTrajectory u1 = new UserTrajectory(1, List.of(
                at(0, 0.0, new Credit(0.4, 0, 0.2, 5, true, 0.1)),
                at(1, 0.0, new Credit(0.1, 0, 0.3, 5, false, 0.7))));
        UserTrajectory u2 = new UserTrajectory(2, List.of(at(1, 0.0, new Credit(0.2, 0, 0.2, 15, true, 0.2))));
        UserTrajectory u3 = new UserTrajectory(3, List.of(at(0, 0.0, new Credit(0.6, -1, Double.NaN, 5, false, 9))));
        double[][] backlogs = {{0, 0}, {4, 0}, {0, 0}, {0, 0}};
        EpisodeExperience experience = new EpisodeExperience(0, List.of(u0, u1, u2, u3),
                new double[] {0.4, 0.15, 0.2, 0}, backlogs, new int[4][2]);

        double[] x = MarginalCredit.externalCosts(TINY, experience);

        // Batch order: u0 slot 0, u0 slot 2, u1 slot 0, u1 slot 1, u2 slot 1, u3 slot 0.
        assertThat(x[0]).isCloseTo(10 / mu0 * 0.1 + 4 / mu0 * 0.2, within(1e-12));
        assertThat(x[1]).isZero();
        assertThat(x[2]).isCloseTo(4 / mu0 * 0.2, within(1e-12));
        // user 1's slot-1 task arrives after user 2's: it delays nobody
        assertThat(x[3]).isZero();
        assertThat(x[4]).isZero();
        assertThat(x[5]).isZero();
        double[] rewards = MarginalCredit.rewards(TINY, experience, false);
        assertThat(rewards[0]).isCloseTo(-(0.3 + x[0]) - 0.5, within(1e-12));
        assertThat(rewards[5]).isCloseTo(-0.6, within(1e-12));
    }

    @Test
    void theCreditsOfAPlayedEpisodeNameTheServersAndStepsOfTheOutcomes() {
        var played = DirectTraining.playBaseline(TINY, new PolicyCatalog(TINY).perUser("least-loaded").orElseThrow(),
                7, 0);
        int offloaded = 0;
        for (var record : played.records()) {
            for (var outcome : record.outcomes()) {
                Transition t = played.experience().trajectories().get(outcome.userId()).transitions().stream()
                        .filter(tr -> tr.slot() == record.slot()).findFirst().orElseThrow();
                assertThat(t.credit().cost()).isEqualTo(outcome.cost());
                assertThat(t.credit().steps()).isEqualTo(outcome.steps());
                boolean atServer = outcome.path() != Path.LOCAL && !outcome.failed();
                assertThat(t.credit().serverBs()).isEqualTo(atServer ? outcome.serverBs() : -1);
                offloaded += atServer ? 1 : 0;
            }
        }
        assertThat(offloaded).isPositive();
        double[] x = MarginalCredit.externalCosts(TINY, played.experience());
        for (double v : x) {
            assertThat(v).isGreaterThanOrEqualTo(0).isFinite();
        }
    }

    @Test
    void withTheRadioShareATaskIsAlsoChargedTheUploadDelayItsShareOfTheBandAddsToTheCellsOtherOffloaders() {
        // Slot 0, cell 1's uplink: user 0 (served at BS 1, not queue-bound, sharing delay 0.2 s, weight 0.5), user 1
        // (served at BS 0, not queue-bound, 0.1 s, weight 2), user 2 (queue-bound: an earlier upload would not have
        // finished it earlier) and user 3 (dropped: its own delay counts for nothing, but it took its share).
        // User 4 offloads over cell 0's uplink in the same slot: another band. User 5 stays local.
        UserTrajectory u0 = new UserTrajectory(0, List.of(at(0, 0.0, new Credit(0.3, 1, 0.5, 5, false, 0.5, 1, 0.2))));
        UserTrajectory u1 = new UserTrajectory(1, List.of(at(0, 0.0, new Credit(0.3, 0, 0.6, 5, false, 2.0, 1, 0.1))));
        UserTrajectory u2 = new UserTrajectory(2, List.of(at(0, 0.0, new Credit(0.3, 1, 0.7, 5, true, 3.0, 1, 0.3))));
        UserTrajectory u3 = new UserTrajectory(3, List.of(at(0, 1.0, new Credit(0.9, -1, Double.NaN, 5, false, 4.0, 1,
                0.0))));
        UserTrajectory u4 = new UserTrajectory(4, List.of(at(0, 0.0, new Credit(0.3, 0, 0.2, 5, false, 7.0, 0, 0.4))));
        UserTrajectory u5 = new UserTrajectory(5, List.of(at(0, 0.0, new Credit(0.6, -1, Double.NaN, 5, false, 9))));
        EpisodeExperience experience = new EpisodeExperience(0, List.of(u0, u1, u2, u3, u4, u5),
                new double[] {0.4, 0, 0, 0}, new double[][] {{0, 0}, {0, 0}, {0, 0}, {0, 0}}, new int[4][2]);

        double[] share = MarginalCredit.uplinkShareCosts(experience);

        double felt0 = 0.2 * 0.5;
        double felt1 = 0.1 * 2.0;
        assertThat(share[0]).isCloseTo(felt1, within(1e-12));
        assertThat(share[1]).isCloseTo(felt0, within(1e-12));
        assertThat(share[2]).isCloseTo(felt0 + felt1, within(1e-12));
        assertThat(share[3]).isCloseTo(felt0 + felt1, within(1e-12));
        assertThat(share[4]).isZero();
        assertThat(share[5]).isZero();
        double[] queues = MarginalCredit.externalCosts(TINY, experience);
        double[] withRadio = MarginalCredit.rewards(TINY, experience, true);
        double[] without = MarginalCredit.rewards(TINY, experience, false);
        for (int k = 0; k < share.length; k++) {
            assertThat(without[k] - withRadio[k]).as("transition %d", k).isCloseTo(share[k], within(1e-12));
        }
        assertThat(withRadio[3]).isCloseTo(-(0.9 + queues[3] + felt0 + felt1) - 1.0, within(1e-12));
    }
}
