package org.edgegen.learn;

import java.util.List;
import java.util.SplittableRandom;
import org.edgegen.config.LearnerSettings;
import org.edgegen.config.LearnerSettings.CriticMode;
import org.edgegen.model.Scenarios;
import org.edgegen.model.SystemModel;
import org.edgegen.policy.ActionSpace;
import org.edgegen.policy.Observation;
import org.edgegen.policy.neural.HeadMasks;
import org.edgegen.policy.neural.NeuralFixtures;

/** Test factories for the learner: settings, shapes and batches of the default scenario. */
final class LearnFixtures {

    static final SystemModel MODEL = SystemModel.of(Scenarios.defaults());
    static final ActionSpace SPACE = NeuralFixtures.space();

    private LearnFixtures() {}

    /** The reference.conf defaults (hidden 128/128, centralised critic). */
    static LearnerSettings defaults() {
        return LearnerSettings.defaults();
    }

    /** Small and fast: hidden 32/32, 2 epochs, minibatches of 32, raw advantages. */
    static LearnerSettings small(CriticMode critic) {
        LearnerSettings d = defaults();
        return new LearnerSettings(List.of(32, 32), critic, 1e-3, d.clip(), d.valueCoef(), d.entropyCoef(),
                d.maxGradNorm(), d.gaeLambda(), 2, 32, false);
    }

    static LearnerSettings withNormalisedAdvantages(LearnerSettings s) {
        return new LearnerSettings(s.hiddenSizes(), s.critic(), s.learningRate(), s.clip(), s.valueCoef(),
                s.entropyCoef(), s.maxGradNorm(), s.gaeLambda(), s.epochs(), s.minibatchSize(), true);
    }

    /** The same settings with advantages standardised as {@code normalisation} says. */
    static LearnerSettings withAdvantageNormalisation(LearnerSettings s,
            LearnerSettings.AdvantageNormalisation normalisation) {
        return new LearnerSettings(s.hiddenSizes(), s.critic(), s.learningRate(), s.clip(), s.valueCoef(),
                s.entropyCoef(), s.maxGradNorm(), s.gaeLambda(), s.epochs(), s.minibatchSize(),
                s.normaliseAdvantages(), s.annealUpdates(), s.learningRateFinal(), s.entropyCoefFinal(),
                s.discount(), s.execution(), s.episodesPerUpdate(), s.valueNormalisation(), s.warmStart(),
                s.warmStartEpisodes(), s.warmStartEpochs(), s.credit(), s.executionTemperature(),
                s.executionPrecision(), normalisation, s.headExperts(), s.expertScope());
    }

    static NetworkShape shape(LearnerSettings settings) {
        return NetworkShape.of(MODEL, settings);
    }

    /** A global state of 3·B random loads. */
    static double[] globalState(SplittableRandom random) {
        return globalState(random, GlobalState.size(MODEL.cellCount()));
    }

    /** A global state of {@code size} random loads. */
    static double[] globalState(SplittableRandom random, int size) {
        double[] g = new double[size];
        for (int i = 0; i < g.length; i++) {
            g[i] = random.nextDouble();
        }
        return g;
    }

    /** Transitions of the given observations with random valid actions, log-probs, advantages and returns. */
    static Batch batch(NetworkShape shape, List<Observation> observations, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Batch.Builder builder = Batch.builder(shape);
        double[] advantages = new double[observations.size()];
        double[] returns = new double[observations.size()];
        // a local critic's batches draw 3·B ignored entries too, so that their actions are those of a centralised one
        int g = shape.centralisedCritic() ? shape.globalStateSize() : GlobalState.size(MODEL.cellCount());
        int i = 0;
        for (Observation o : observations) {
            int[] valid = o.mask().validIndices();
            var action = SPACE.action(valid[random.nextInt(valid.length)]);
            builder.add(o.features(), globalState(random, g), HeadMasks.of(o, SPACE), action.offload() ? 1 : 0,
                    action.server(), SPACE.steps().indexOf(action.steps()), -1.0 - random.nextDouble() * 3);
            advantages[i] = random.nextDouble() * 2 - 1;
            returns[i] = random.nextDouble() * 2 - 2;
            i++;
        }
        return builder.build().withTargets(advantages, returns);
    }
}
