package org.edgegen.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.edgegen.config.LearnerSettings;
import org.edgegen.config.LearnerSettings.CriticMode;
import org.edgegen.config.LoadedScenario;
import org.edgegen.config.ScenarioLoader;
import org.edgegen.model.SystemModel;
import org.edgegen.model.slot.SlotRecord;
import org.edgegen.model.slot.TaskOutcome;
import org.edgegen.policy.neural.PolicySnapshot;
import org.edgegen.training.EpisodeExperience;
import org.edgegen.training.EpisodeExperience.UserTrajectory;
import org.edgegen.training.PolicyTrainer.TrainingStep;
import org.edgegen.training.RunReport;
import org.edgegen.training.TrainRequest;
import org.edgegen.training.Transition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PpoTrainerTest {

    private static final LoadedScenario TINY = ScenarioLoader.load(Path.of("conf/scenarios/tiny.conf"),
            Map.of("edgegen.time.slots-per-episode", "12"));
    private static final SystemModel MODEL = SystemModel.of(TINY.scenario());
    private static final LearnerSettings SMALL = LearnFixtures.small(CriticMode.CENTRALISED);
    private static final double GAMMA = MODEL.scenario().mdp().discount();
    private static final double LAMBDA = SMALL.gaeLambda();

    /** Slot mean costs and per-BS loads of a 3-slot episode on the 2-cell tiny scenario. */
    private static final double[] MEAN_COST = {0.5, 0.8, 0.3};
    private static final double[][] BACKLOGS = {{0, 0}, {120, 40}, {60, 300}};
    private static final int[][] ARRIVALS = {{0, 0}, {2, 1}, {1, 3}};

    /** User 0 decides in slots 0, 1 and 2 (penalties 0, 0.2, 0); user 1 in slots 0 and 2 (1.0, 0). */
    private static EpisodeExperience twoUsersThreeSlots(long version) {
        return twoUsersThreeSlots(0, version);
    }

    private static EpisodeExperience twoUsersThreeSlots(int episode, long version) {
        SplittableRandom random = new SplittableRandom(3 + episode);
        UserTrajectory first = new UserTrajectory(0, List.of(transition(0, 0.0, version, random),
                transition(1, 0.2, version, random), transition(2, 0.0, version, random)));
        UserTrajectory second = new UserTrajectory(1, List.of(transition(0, 1.0, version, random),
                transition(2, 0.0, version, random)));
        return new EpisodeExperience(episode, List.of(first, second), MEAN_COST, BACKLOGS, ARRIVALS);
    }

    private static Transition transition(int slot, double penalty, long version, SplittableRandom random) {
        double[] features = new double[42];
        for (int i = 0; i < features.length; i++) {
            features[i] = random.nextDouble();
        }
        boolean[] servers = new boolean[7];
        servers[0] = true;
        servers[1] = true;
        boolean[] steps = new boolean[6];
        Arrays.fill(steps, true);
        int x = random.nextInt(2);
        return new Transition(slot, features, new boolean[] {true, true}, servers, steps, x,
                x == 1 ? random.nextInt(2) : 0, random.nextInt(6), -1.0 - random.nextDouble(), version, penalty,
                new Transition.Credit(0.1, -1, Double.NaN, 5, false, 1.0 / 30));
    }

    @Test
    void rewardsAreMinusTheSlotsMeanCostMinusTheOwnPenaltyAndAdvantagesAreGaeAlongEachUsersTrajectory() {
        try (PpoTrainer trainer = new PpoTrainer(MODEL, SMALL, 5)) {
            PpoTrainer.Targets t = trainer.targets(twoUsersThreeSlots(0));

            // Batch order: user 0's slots 0, 1, 2, then user 1's slots 0, 2.
            assertThat(t.rewards()).containsExactly(-0.5, -1.0, -0.3, -1.5, -0.3);
            double[] v = t.values();
            assertThat(v).hasSize(5).doesNotContain(0.0);
            double gl = GAMMA * LAMBDA;
            // User 0: the episode ends after its third decision (no bootstrap).
            double a2 = -0.3 - v[2];
            double a1 = -1.0 + GAMMA * v[2] - v[1] + gl * a2;
            double a0 = -0.5 + GAMMA * v[1] - v[0] + gl * a1;
            // User 1: γ applies per decision, so slot 2 is its next step after slot 0.
            double b1 = -0.3 - v[4];
            double b0 = -1.5 + GAMMA * v[4] - v[3] + gl * b1;
            assertThat(t.advantages()).containsExactly(new double[] {a0, a1, a2, b0, b1}, within(1e-12));
            assertThat(t.returns()).containsExactly(
                    new double[] {a0 + v[0], a1 + v[1], a2 + v[2], b0 + v[3], b1 + v[4]}, within(1e-12));

            Gae.Targets user0 = Gae.compute(new double[] {-0.5, -1.0, -0.3}, Arrays.copyOfRange(v, 0, 3),
                    new boolean[] {false, false, true}, 0.0, GAMMA, LAMBDA);
            Gae.Targets user1 = Gae.compute(new double[] {-1.5, -0.3}, Arrays.copyOfRange(v, 3, 5),
                    new boolean[] {false, true}, 0.0, GAMMA, LAMBDA);
            assertThat(Arrays.copyOfRange(t.advantages(), 0, 3)).containsExactly(user0.advantages());
            assertThat(Arrays.copyOfRange(t.advantages(), 3, 5)).containsExactly(user1.advantages());
            assertThat(t.batch().advantageValues()).containsExactly(t.advantages(), within(1e-6));
        }
    }

    @Test
    void theLearnersOwnDiscountReplacesTheModelsUnlessItIsModel() {
        LearnerSettings own = new LearnerSettings(SMALL.hiddenSizes(), SMALL.critic(), SMALL.learningRate(),
                SMALL.clip(), SMALL.valueCoef(), SMALL.entropyCoef(), SMALL.maxGradNorm(), SMALL.gaeLambda(),
                SMALL.epochs(), SMALL.minibatchSize(), SMALL.normaliseAdvantages(), 0, SMALL.learningRate(),
                SMALL.entropyCoef(), 0.2, SMALL.execution(), 1, SMALL.valueNormalisation(), SMALL.warmStart(), 0, 0,
                SMALL.credit(), 1.0, SMALL.executionPrecision(), SMALL.advantageNormalisation(), SMALL.headExperts(),
                SMALL.expertScope());
        assertThat(SMALL.discount()).isNull();
        assertThat(SMALL.discountOr(GAMMA)).isEqualTo(GAMMA);
        try (PpoTrainer modelGamma = new PpoTrainer(MODEL, SMALL, 5);
                PpoTrainer ownGamma = new PpoTrainer(MODEL, own, 5)) {
            PpoTrainer.Targets m = modelGamma.targets(twoUsersThreeSlots(0));
            PpoTrainer.Targets t = ownGamma.targets(twoUsersThreeSlots(0));
            double[] v = t.values();
            assertThat(v).containsExactly(m.values());
            Gae.Targets user0 = Gae.compute(new double[] {-0.5, -1.0, -0.3}, Arrays.copyOfRange(v, 0, 3),
                    new boolean[] {false, false, true}, 0.0, 0.2, LAMBDA);
            assertThat(Arrays.copyOfRange(t.advantages(), 0, 3)).containsExactly(user0.advantages());
            assertThat(t.advantages()[0]).isNotEqualTo(m.advantages()[0]);
        }
    }

    @Test
    void theCriticReadsTheGlobalStateOfEachTransitionsSlot() {
        try (PpoTrainer trainer = new PpoTrainer(MODEL, SMALL, 5)) {
            Batch batch = trainer.targets(twoUsersThreeSlots(0)).batch();

            int g = GlobalState.size(MODEL.cellCount());
            int[] slots = {0, 1, 2, 0, 2};
            for (int row = 0; row < slots.length; row++) {
                int slot = slots[row];
                double[] expected = GlobalState.of(MODEL, bs -> BACKLOGS[slot][bs], bs -> ARRIVALS[slot][bs]);
                float[] actual = Arrays.copyOfRange(batch.globalStates(), row * g, (row + 1) * g);
                for (int i = 0; i < g; i++) {
                    assertThat((double) actual[i]).as("row %d entry %d", row, i).isCloseTo(expected[i],
                            within(1e-6));
                }
            }
        }
    }

    @Test
    void withSlotTasksTheCriticAlsoReadsTheNetworksTasksOfTheSlotOverFiveTimesTheCells() {
        LearnerSettings tasks = LearnFixtures.small(CriticMode.CENTRALISED_TASKS);
        EpisodeExperience episode = twoUsersThreeSlots(0);
        // Counted here from the trajectories: the tasks of the whole network in each slot.
        int[] slotTasks = new int[MEAN_COST.length];
        episode.trajectories().forEach(u -> u.transitions().forEach(t -> slotTasks[t.slot()]++));
        assertThat(slotTasks).containsExactly(2, 1, 2);
        try (PpoTrainer trainer = new PpoTrainer(MODEL, tasks, 5)) {
            Batch batch = trainer.targets(episode).batch();

            int cells = MODEL.cellCount();
            int g = 3 * cells + 1;
            assertThat(trainer.shape().globalStateSize()).isEqualTo(g);
            int[] slots = {0, 1, 2, 0, 2};
            assertThat(batch.globalStates()).hasSize(slots.length * g);
            for (int row = 0; row < slots.length; row++) {
                int slot = slots[row];
                double[] unchanged = GlobalState.of(MODEL, bs -> BACKLOGS[slot][bs], bs -> ARRIVALS[slot][bs]);
                float[] actual = Arrays.copyOfRange(batch.globalStates(), row * g, (row + 1) * g);
                for (int i = 0; i < 3 * cells; i++) {
                    assertThat((double) actual[i]).as("row %d entry %d", row, i).isCloseTo(unchanged[i],
                            within(1e-6));
                }
                assertThat((double) actual[g - 1]).as("row %d: tasks of slot %d", row, slot)
                        .isCloseTo(slotTasks[slot] / (5.0 * cells), within(1e-7));
            }
        }
    }

    @Test
    void theWarmStartClonesWithTheSlotTasksInTheCriticsGlobalStateToo() {
        LoadedScenario loaded = ScenarioLoader.load(Path.of("conf/scenarios/tiny.conf"), Map.of(
                "edgegen.time.slots-per-episode", "12", "edgegen.learner.critic", "centralised-tasks",
                "edgegen.learner.hidden-sizes", "[32, 32]", "edgegen.learner.warm-start", "least-loaded",
                "edgegen.learner.warm-start-episodes", "2", "edgegen.learner.warm-start-epochs", "2"));
        try (PpoTrainer trainer = new PpoTrainer(MODEL, loaded.learner(), 5)) {
            assertThat(trainer.shape().globalStateSize()).isEqualTo(3 * MODEL.cellCount() + 1);
            assertThat(trainer.warmStart(5)).isPresent();
        }
    }

    @Test
    void trainingReturnsTheNextVersionsWeightsWithTheUpdatesFigures() {
        try (PpoTrainer trainer = new PpoTrainer(MODEL, SMALL, 5)) {
            PolicySnapshot before = trainer.snapshot();

            TrainingStep step = trainer.train(twoUsersThreeSlots(0));

            assertThat(step.snapshot().version()).isEqualTo(1).isEqualTo(trainer.version());
            assertThat(step.snapshot().weights()).isNotEqualTo(before.weights());
            assertThat(step.snapshot()).isEqualTo(trainer.snapshot());
            assertThat(step.transitions()).isEqualTo(5);
            assertThat(step.meanReward()).isCloseTo((-0.5 - 1.0 - 0.3 - 1.5 - 0.3) / 5, within(1e-12));
            assertThat(List.of(step.policyLoss(), step.valueLoss(), step.entropy(), step.approxKl()))
                    .allMatch(Double::isFinite);
            assertThat(step.entropy()).isPositive();
            assertThat(trainer.lastUpdate()).hasValueSatisfying(u -> assertThat(u.version()).isEqualTo(1));
        }
    }

    @Test
    void aBatchOfSeveralEpisodesKnowsTheEpisodeOfEachTransition() {
        LearnerSettings perEpisode = LearnFixtures.withAdvantageNormalisation(
                LearnFixtures.withNormalisedAdvantages(SMALL), LearnerSettings.AdvantageNormalisation.EPISODE);
        try (PpoTrainer trainer = new PpoTrainer(MODEL, perEpisode, 5)) {
            PpoTrainer.Targets t = trainer.targets(List.of(twoUsersThreeSlots(40, 0), twoUsersThreeSlots(41, 0)));

            assertThat(t.batch().episodes()).containsExactly(40, 40, 40, 40, 40, 41, 41, 41, 41, 41);
            TrainingStep step = trainer.train(twoUsersThreeSlots(42, 0));
            assertThat(step.policyLoss()).isFinite();
            assertThat(trainer.version()).isEqualTo(1);
        }
    }

    @Test
    void anEpisodeWithoutDecisionsLeavesThePolicyAsItIs() {
        try (PpoTrainer trainer = new PpoTrainer(MODEL, SMALL, 5)) {
            EpisodeExperience idle = new EpisodeExperience(0,
                    List.of(new UserTrajectory(0, List.of()), new UserTrajectory(1, List.of())), MEAN_COST,
                    BACKLOGS, ARRIVALS);

            TrainingStep step = trainer.train(idle);

            assertThat(step.snapshot()).isEqualTo(trainer.snapshot());
            assertThat(step.snapshot().version()).isZero();
            assertThat(step.transitions()).isZero();
            assertThat(step.meanReward()).isNaN();
        }
    }

    @Test
    void aRestoredTrainerTakesTheCheckpointsHyperParametersAndWeights(@TempDir Path dir) {
        try (PpoTrainer trained = new PpoTrainer(MODEL, SMALL, 5)) {
            trained.train(twoUsersThreeSlots(0));
            trained.save(dir);
            // The scenario's own settings (hidden 128/128) do not fit the checkpoint's 32/32 network.
            try (PpoTrainer restored = PpoTrainer.restored(MODEL, LearnerSettings.defaults(), dir)) {
                assertThat(restored.settings()).isEqualTo(SMALL);
                assertThat(restored.snapshot()).isEqualTo(trained.snapshot());
                assertThat(restored.version()).isEqualTo(1);
            }
        }
    }

    @Test
    void aCheckpointTrainedWithSlotTasksRestoresWithThatCritic(@TempDir Path dir) {
        LearnerSettings tasks = LearnFixtures.small(CriticMode.CENTRALISED_TASKS);
        try (PpoTrainer trained = new PpoTrainer(MODEL, tasks, 5)) {
            trained.train(twoUsersThreeSlots(0));
            trained.save(dir);
            try (PpoTrainer restored = PpoTrainer.restored(MODEL, LearnerSettings.defaults(), dir)) {
                assertThat(restored.settings().critic()).isEqualTo(CriticMode.CENTRALISED_TASKS);
                assertThat(restored.shape().globalStateSize()).isEqualTo(3 * MODEL.cellCount() + 1);
                assertThat(restored.snapshot()).isEqualTo(trained.snapshot());
                assertThat(restored.targets(twoUsersThreeSlots(0)).values())
                        .containsExactly(trained.targets(twoUsersThreeSlots(0)).values());
            }
        }
    }

    @Test
    void directTrainingLearnsFromEveryEpisodeWithEachDecisionsOwnPenaltyAndTheSlotsLoads() {
        List<TrainingStep> steps = new ArrayList<>();
        List<List<SlotRecord>> played = new ArrayList<>();
        List<EpisodeExperience> seen = new ArrayList<>();
        try (PpoTrainer trainer = new PpoTrainer(MODEL, SMALL, 5)) {
            org.edgegen.training.PolicyTrainer spy = new org.edgegen.training.PolicyTrainer() {
                @Override
                public PolicySnapshot snapshot() {
                    return trainer.snapshot();
                }

                @Override
                public TrainingStep train(EpisodeExperience experience) {
                    seen.add(experience);
                    return trainer.train(experience);
                }
            };
            RunReport report = DirectTraining.train(new TrainRequest(TINY, 3, 2, 11), spy, (episode, slots, step) -> {
                played.add(slots);
                steps.add(step);
            });

            assertThat(report).isEqualTo(RunReport.CLEAN);
            assertThat(trainer.version()).isEqualTo(2);
        }
        assertThat(steps).extracting(s -> s.snapshot().version()).containsExactly(1L, 2L);
        assertThat(seen).extracting(EpisodeExperience::episode).containsExactly(3, 4);
        for (int e = 0; e < 2; e++) {
            EpisodeExperience experience = seen.get(e);
            List<SlotRecord> slots = played.get(e);
            assertThat(slots).extracting(SlotRecord::episode).containsOnly(3 + e);
            assertThat(experience.trajectories()).extracting(UserTrajectory::userId).containsExactly(0, 1, 2, 3);
            assertThat(experience.meanCost()).containsExactly(slots.stream().mapToDouble(SlotRecord::meanCost)
                    .toArray());
            assertThat(experience.transitionCount()).isEqualTo(steps.get(e).transitions())
                    .isEqualTo(slots.stream().mapToInt(r -> r.outcomes().size()).sum()).isPositive();
            for (UserTrajectory trajectory : experience.trajectories()) {
                for (Transition transition : trajectory.transitions()) {
                    assertThat(transition.policyVersion()).isEqualTo(e);
                    TaskOutcome outcome = slots.get(transition.slot()).outcomes().stream()
                            .filter(o -> o.userId() == trajectory.userId()).findFirst().orElseThrow();
                    assertThat(transition.penalty()).isEqualTo(outcome.penalty());
                }
            }
        }
    }

    @Test
    void directTrainingIsDeterministic() {
        assertThat(curve(11)).isEqualTo(curve(11)).isNotEqualTo(curve(12));
    }

    private static List<TrainingStep> curve(long seed) {
        List<TrainingStep> steps = new ArrayList<>();
        try (PpoTrainer trainer = new PpoTrainer(MODEL, SMALL, seed)) {
            DirectTraining.train(new TrainRequest(TINY, 0, 2, seed), trainer, (episode, slots, step) -> steps.add(step));
        }
        return steps;
    }
}
