package org.edgegen.policy.neural;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.edgegen.model.Scenario;
import org.edgegen.model.Scenario.MdpParams;
import org.edgegen.model.Scenarios;
import org.edgegen.model.SystemModel;
import org.edgegen.model.task.Task;
import org.edgegen.policy.ActionSpace;
import org.edgegen.policy.CandidateView;
import org.edgegen.policy.Observation;
import org.edgegen.policy.ObservationBuilder;

/** Test factories for the actor network: observations of the default scenario and random snapshots. */
public final class NeuralFixtures {

    /** The default 7-cell scenario's observation builder (42 features, 7 candidates, 6 step choices). */
    public static final ObservationBuilder DEFAULT = new ObservationBuilder(SystemModel.of(Scenarios.defaults()));
    /** The same with {@code mdp.mask-steps-below-min = on}, so the c head is masked too. */
    public static final ObservationBuilder MASKING_STEPS = new ObservationBuilder(SystemModel.of(maskingSteps()));

    private NeuralFixtures() {}

    public static Scenario maskingSteps() {
        Scenario s = Scenarios.defaults();
        return new Scenario(s.name(), s.time(), s.layout(), s.userCount(), s.backhaul(), s.radio(), s.tasks(),
                s.device(), s.edge(), s.diffusion(), s.cost(), s.penalty(),
                new MdpParams(s.mdp().discount(), s.mdp().maxCandidates(), true), s.opt());
    }

    public static ActionSpace space() {
        return DEFAULT.actionSpace();
    }

    /** An observation with a task, {@code candidates} servers in view (1..7) and random loads and requirements. */
    public static Observation observation(ObservationBuilder builder, int candidates, SplittableRandom random) {
        List<CandidateView> views = new ArrayList<>();
        for (int k = 0; k < candidates; k++) {
            double beta = 0.0192 + random.nextDouble() * 0.12;
            views.add(new CandidateView(k, k == 0, random.nextDouble() * 600, 1 / beta, 0.01 + beta,
                    k == 0 ? 0 : 400e6 + random.nextDouble() * 100e6, k == 0 ? 0 : 400e6 + random.nextDouble() * 100e6,
                    random.nextInt(6)));
        }
        Task task = new Task(3, 2e6 + random.nextDouble() * 3e6, 0.6e6 + random.nextDouble() * 0.4e6,
                0.05 + random.nextDouble() * 0.5, 4 + random.nextDouble() * 8);
        return builder.of(3, Optional.of(task), random.nextDouble() * 20, 0.2 + random.nextDouble() * 0.6,
                Math.pow(10, -(100 + random.nextDouble() * 30) / 10), views, 20);
    }

    /** Observations with every candidate count from 1 to 7, in turn. */
    public static List<Observation> observations(ObservationBuilder builder, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Observation> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(observation(builder, 1 + i % 7, random));
        }
        return list;
    }

    /** A snapshot with N(0, scale²/fan-in) weights and N(0, biasScale²) biases: far from uniform heads. */
    public static PolicySnapshot randomSnapshot(long version, int[] hidden, double scale, double biasScale,
            long seed) {
        return randomSnapshot(version, hidden, scale, biasScale, seed, Observation.featureCount(7));
    }

    /** The same for an observation of {@code features} features. */
    public static PolicySnapshot randomSnapshot(long version, int[] hidden, double scale, double biasScale,
            long seed, int features) {
        SplittableRandom random = new SplittableRandom(seed);
        int layers = hidden.length + 3;
        float[][] weights = new float[layers][];
        float[][] biases = new float[layers][];
        for (int k = 0; k < layers; k++) {
            int in = k == 0 ? features : hidden[Math.min(k, hidden.length) - 1];
            int out = k < hidden.length ? hidden[k] : new int[] {2, 7, 6}[k - hidden.length];
            weights[k] = new float[in * out];
            for (int i = 0; i < weights[k].length; i++) {
                weights[k][i] = (float) (gaussian(random) * scale / Math.sqrt(in));
            }
            biases[k] = new float[out];
            for (int j = 0; j < out; j++) {
                biases[k][j] = (float) (gaussian(random) * biasScale);
            }
        }
        return new PolicySnapshot(version, features, hidden, 7, 6, weights, biases);
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
