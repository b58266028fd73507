package org.edgegen.learn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.edgegen.config.LearnerSettings.CriticMode;
import org.edgegen.config.LoadedScenario;
import org.edgegen.config.ScenarioLoader;
import org.edgegen.model.Scenario;
import org.edgegen.model.SystemModel;
import org.edgegen.model.slot.SlotRecord;
import org.edgegen.policy.neural.PolicySnapshot;
import org.edgegen.training.EpisodeExperience;
import org.edgegen.training.PolicyTrainer;
import org.edgegen.training.TrainRequest;
import org.junit.jupiter.api.Test;

/** Training with {@code edgegen.training.*-range}: every episode plays its own drawn load, and learns from it. */
class LoadDrawTrainingTest {

    private static final LoadedScenario RANGED = ScenarioLoader.load(Path.of("conf/scenarios/tiny.conf"),
            Map.of("edgegen.time.slots-per-episode", "8", "edgegen.training.users-count-range", "[2, 9]",
                    "edgegen.training.arrival-probability-range", "[0.2, 0.9]"));
    private static final long SEED = 11;

    @Test
    void eachEpisodeIsPlayedAtTheLoadDrawnForItAndItsUsersAllLearn() {
        List<EpisodeExperience> seen = new ArrayList<>();
        List<PolicySnapshot> playedWith = new ArrayList<>();
        List<List<SlotRecord>> played = new ArrayList<>();
        SystemModel base = SystemModel.of(RANGED.scenario());
        try (PpoTrainer trainer = new PpoTrainer(base, LearnFixtures.small(CriticMode.CENTRALISED), SEED)) {
            PolicyTrainer spy = new PolicyTrainer() {
                @Override
                public PolicySnapshot snapshot() {
                    PolicySnapshot snapshot = trainer.snapshot();
                    playedWith.add(snapshot);
                    return snapshot;
                }

                @Override
                public TrainingStep train(EpisodeExperience experience) {
                    seen.add(experience);
                    return trainer.train(experience);
                }
            };
            DirectTraining.train(new TrainRequest(RANGED, 0, 6, SEED), spy, (e, slots, step) -> played.add(slots));
            assertThat(trainer.version()).isEqualTo(6);
        }
        Set<Integer> userCounts = new HashSet<>();
        for (int e = 0; e < 6; e++) {
            Scenario drawn = RANGED.training().scenarioOf(RANGED.scenario(), SEED, e);
            userCounts.add(drawn.userCount());
            assertThat(seen.get(e).trajectories()).as("episode %d", e).hasSize(drawn.userCount());
            // the same episode replayed on the drawn scenario with the same weights gives the same records
            assertThat(DirectTraining.play(SystemModel.of(drawn), playedWith.get(e), SEED, e).records())
                    .as("episode %d", e).isEqualTo(played.get(e));
        }
        assertThat(userCounts).as("the draws vary the user count").hasSizeGreaterThan(1);
    }
}
