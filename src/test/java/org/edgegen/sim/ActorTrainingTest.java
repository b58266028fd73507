package org.edgegen.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.edgegen.config.LoadedScenario;
import org.edgegen.config.ScenarioLoader;
import org.edgegen.model.slot.SlotRecord;
import org.edgegen.model.slot.TaskOutcome;
import org.edgegen.policy.neural.NeuralFixtures;
import org.edgegen.policy.neural.PolicySnapshot;
import org.edgegen.training.EpisodeExperience;
import org.edgegen.training.PolicyTrainer;
import org.edgegen.training.RunReport;
import org.edgegen.training.TrainRequest;
import org.edgegen.training.Transition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ActorTrainingTest {

    /** A trainer that learns nothing: it records what it was given and bumps the version. */
    private static class RecordingTrainer implements PolicyTrainer {
        PolicySnapshot current = NeuralFixtures.randomSnapshot(0, new int[] {16, 16}, 1.0, 0.5, 5);
        final List<EpisodeExperience> seen = new ArrayList<>();

        @Override
        public PolicySnapshot snapshot() {
            return current;
        }

        @Override
        public TrainingStep train(EpisodeExperience experience) {
            seen.add(experience);
            current = current.withVersion(current.version() + 1);
            return new TrainingStep(current, 0, 0, 0, 0, 0, experience.transitionCount());
        }
    }

    private record Trained(int episode, List<SlotRecord> slots, long version) {}

    private static List<Trained> train(LoadedScenario scenario, RecordingTrainer trainer, int first, int episodes) {
        List<Trained> trained = new ArrayList<>();
        RunReport report = ActorTraining.train(new TrainRequest(scenario, first, episodes, 9), trainer,
                (episode, slots, step) -> trained.add(new Trained(episode, slots, step.snapshot().version())));
        assertThat(report).isEqualTo(RunReport.CLEAN);
        return trained;
    }

    @Test
    void everyEpisodeIsLearnedFromOnceWithEachUsersDecisionsUnderTheVersionItWasPlayedWith() {
        LoadedScenario tiny = ScenarioLoader.load(Path.of("conf/scenarios/tiny.conf"),
                Map.of("edgegen.task.arrival-probability", "0.7", "edgegen.time.slots-per-episode", "12"));
        RecordingTrainer trainer = new RecordingTrainer();

        List<Trained> trained = train(tiny, trainer, 0, 3);

        assertThat(trained).extracting(Trained::episode).containsExactly(0, 1, 2);
        assertThat(trained).extracting(Trained::version).containsExactly(1L, 2L, 3L);
        assertThat(trainer.seen).hasSize(3);
        for (int e = 0; e < 3; e++) {
            EpisodeExperience experience = trainer.seen.get(e);
            List<SlotRecord> slots = trained.get(e).slots();
            assertThat(experience.trajectories()).hasSize(4);
            assertThat(experience.meanCost()).containsExactly(slots.stream().mapToDouble(SlotRecord::meanCost)
                    .toArray());
            assertThat(experience.bsBacklogImageSteps()).hasNumberOfRows(12);
            int tasks = slots.stream().mapToInt(r -> r.outcomes().size()).sum();
            assertThat(experience.transitionCount()).isEqualTo(tasks).isPositive();
            for (EpisodeExperience.UserTrajectory trajectory : experience.trajectories()) {
                for (Transition transition : trajectory.transitions()) {
                    assertThat(transition.policyVersion()).isEqualTo(e);
                    TaskOutcome outcome = slots.get(transition.slot()).outcomes().stream()
                            .filter(o -> o.userId() == trajectory.userId()).findFirst().orElseThrow();
                    assertThat(transition.penalty()).isEqualTo(outcome.penalty());
                    assertThat(transition.logProb()).isNegative();
                    assertThat(transition.features()).hasSize(42);
                    boolean offloaded = outcome.path() == org.edgegen.model.slot.Path.HOME
                            || outcome.path() == org.edgegen.model.slot.Path.NEIGHBOUR;
                    if (!outcome.failed()) {
                        assertThat(transition.offloadIndex() == 1).isEqualTo(offloaded);
                    }
                }
            }
        }
    }

    @Test
    void trainingIsDeterministicAndResumingAtALaterEpisodeNumbersItsEpisodesFromThere() {
        LoadedScenario tiny = ScenarioLoader.load(Path.of("conf/scenarios/tiny.conf"),
                Map.of("edgegen.time.slots-per-episode", "8"));

        List<Trained> first = train(tiny, new RecordingTrainer(), 0, 2);
        List<Trained> again = train(tiny, new RecordingTrainer(), 0, 2);
        List<Trained> resumed = train(tiny, new RecordingTrainer(), 5, 1);

        assertThat(again).isEqualTo(first);
        assertThat(resumed).extracting(Trained::episode).containsExactly(5);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // a guard against a hang, not a measurement
    void aTrainerThatFailsEndsTheRunAtOnceWithItsOwnException() {
        // an hour per slot: the learner's own failure message is the only way this run can end within the guard
        LoadedScenario tiny = ScenarioLoader.load(Path.of("conf/scenarios/tiny.conf"),
                Map.of("edgegen.time.slots-per-episode", "5", "edgegen.sim.slot-timeout-s", "3600"));
        RecordingTrainer failing = new RecordingTrainer() {
            @Override
            public TrainingStep train(EpisodeExperience experience) {
                if (experience.episode() == 1) {
                    throw new IllegalStateException("disk full while checkpointing");
                }
                return super.train(experience);
            }
        };

        assertThatThrownBy(() -> ActorTraining.train(new TrainRequest(tiny, 0, 3, 9), failing,
                (episode, slots, step) -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessage("disk full while checkpointing");
        assertThat(failing.seen).hasSize(1);
    }
}
