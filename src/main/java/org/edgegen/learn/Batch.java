package org.edgegen.learn;

import java.util.Arrays;
import org.edgegen.policy.Observation;
import org.edgegen.policy.neural.HeadMasks;
import org.edgegen.policy.neural.PolicySample;

/**
 * Transitions for one PPO update, immutable and laid out as the graph reads them (row-major float arrays): the
 * observation, the global state (when the critic is centralised), the head masks, the taken head indices and their
 * log-probability under the acting policy, the episode each transition comes from (a batch may gather several),
 * and, once {@link #withTargets} has set them, advantages and returns.
 */
public final class Batch {

    private final NetworkShape shape;
    private final int size;
    private final float[] observations;
    private final float[] globalStates;
    private final float[] offloadMasks;
    private final float[] serverMasks;
    private final float[] stepsMasks;
    private final int[] offload;
    private final int[] server;
    private final int[] steps;
    private final float[] oldLogProbs;
    private final int[] episodes;
    private final float[] advantages;
    private final float[] returns;

    private Batch(NetworkShape shape, int size, float[] observations, float[] globalStates, float[] offloadMasks,
            float[] serverMasks, float[] stepsMasks, int[] offload, int[] server, int[] steps, float[] oldLogProbs,
            int[] episodes, float[] advantages, float[] returns) {
        this.shape = shape;
        this.size = size;
        this.observations = observations;
        this.globalStates = globalStates;
        this.offloadMasks = offloadMasks;
        this.serverMasks = serverMasks;
        this.stepsMasks = stepsMasks;
        this.offload = offload;
        this.server = server;
        this.steps = steps;
        this.oldLogProbs = oldLogProbs;
        this.episodes = episodes;
        this.advantages = advantages;
        this.returns = returns;
    }

    public static Builder builder(NetworkShape shape) {
        return new Builder(shape);
    }

    public NetworkShape shape() {
        return shape;
    }

    public int size() {
        return size;
    }

    public boolean hasTargets() {
        return advantages != null;
    }

    /** The same transitions with advantages and returns (one per transition, in order). */
    public Batch withTargets(double[] newAdvantages, double[] newReturns) {
        if (newAdvantages.length != size || newReturns.length != size) {
            throw new IllegalArgumentException("expected " + size + " advantages and returns, got "
                    + newAdvantages.length + " and " + newReturns.length);
        }
        return new Batch(shape, size, observations, globalStates, offloadMasks, serverMasks, stepsMasks, offload,
                server, steps, oldLogProbs, episodes, toFloats(newAdvantages), toFloats(newReturns));
    }

    /** The same transitions with the advantages replaced (e.g. standardised). */
    Batch withAdvantages(float[] newAdvantages) {
        return new Batch(shape, size, observations, globalStates, offloadMasks, serverMasks, stepsMasks, offload,
                server, steps, oldLogProbs, episodes, newAdvantages.clone(), returns);
    }

    /** The same transitions with the acting policy's log-probabilities replaced (behaviour cloning). */
    Batch withOldLogProbs(float[] newOldLogProbs) {
        if (newOldLogProbs.length != size) {
            throw new IllegalArgumentException("expected " + size + " log-probabilities, got " + newOldLogProbs.length);
        }
        return new Batch(shape, size, observations, globalStates, offloadMasks, serverMasks, stepsMasks, offload,
                server, steps, newOldLogProbs.clone(), episodes, advantages, returns);
    }

    /** The same transitions with the returns replaced (e.g. normalised for the critic). */
    Batch withReturns(float[] newReturns) {
        if (newReturns.length != size) {
            throw new IllegalArgumentException("expected " + size + " returns, got " + newReturns.length);
        }
        return new Batch(shape, size, observations, globalStates, offloadMasks, serverMasks, stepsMasks, offload,
                server, steps, oldLogProbs, episodes, advantages, newReturns.clone());
    }

    /** The rows at {@code indices}, in that order (a minibatch). */
    Batch rows(int[] indices) {
        int f = shape.featureCount();
        int g = shape.globalStateSize();
        int m = shape.serverChoices();
        int c = shape.stepChoices();
        int n = indices.length;
        Batch out = new Batch(shape, n, new float[n * f], new float[n * g], new float[n * 2], new float[n * m],
                new float[n * c], new int[n], new int[n], new int[n], new float[n], new int[n],
                advantages == null ? null : new float[n], returns == null ? null : new float[n]);
        for (int k = 0; k < n; k++) {
            int i = indices[k];
            System.arraycopy(observations, i * f, out.observations, k * f, f);
            System.arraycopy(globalStates, i * g, out.globalStates, k * g, g);
            System.arraycopy(offloadMasks, i * 2, out.offloadMasks, k * 2, 2);
            System.arraycopy(serverMasks, i * m, out.serverMasks, k * m, m);
            System.arraycopy(stepsMasks, i * c, out.stepsMasks, k * c, c);
            out.offload[k] = offload[i];
            out.server[k] = server[i];
            out.steps[k] = steps[i];
            out.oldLogProbs[k] = oldLogProbs[i];
            out.episodes[k] = episodes[i];
            if (advantages != null) {
                out.advantages[k] = advantages[i];
                out.returns[k] = returns[i];
            }
        }
        return out;
    }

    // Package-private views without copying, for feeding the graph.
    float[] observations() {
        return observations;
    }

    float[] globalStates() {
        return globalStates;
    }

    float[] offloadMasks() {
        return offloadMasks;
    }

    float[] serverMasks() {
        return serverMasks;
    }

    float[] stepsMasks() {
        return stepsMasks;
    }

    int[] offload() {
        return offload;
    }

    int[] server() {
        return server;
    }

    int[] steps() {
        return steps;
    }

    float[] oldLogProbs() {
        return oldLogProbs;
    }

    /** The episode of each transition, as {@link Builder#episode} tagged it (0 when it was never called). */
    int[] episodes() {
        return episodes;
    }

    float[] advantages() {
        return advantages;
    }

    float[] returns() {
        return returns;
    }

    /** A copy of the advantages (empty before {@link #withTargets}). */
    public double[] advantageValues() {
        return advantages == null ? new double[0] : toDoubles(advantages);
    }

    private static float[] toFloats(double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }

    private static double[] toDoubles(float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        return d;
    }

    /** Collects transitions in order. */
    public static final class Builder {

        private final NetworkShape shape;
        private int size;
        private float[] observations = new float[0];
        private float[] globalStates = new float[0];
        private float[] offloadMasks = new float[0];
        private float[] serverMasks = new float[0];
        private float[] stepsMasks = new float[0];
        private int[] offload = new int[0];
        private int[] server = new int[0];
        private int[] steps = new int[0];
        private float[] oldLogProbs = new float[0];
        private int[] episodes = new int[0];
        private int episode;

        private Builder(NetworkShape shape) {
            this.shape = shape;
        }

        /** Tags the transitions added from now on as coming from {@code episode} (0 until it is called). */
        public Builder episode(int episode) {
            this.episode = episode;
            return this;
        }

        /** A transition acted on by a {@code NeuralPolicy}: its observation, masks, global state and sample. */
        public Builder add(Observation observation, HeadMasks masks, double[] globalState, PolicySample sample) {
            return add(observation.features(), globalState, masks, sample.offloadIndex(), sample.serverIndex(),
                    sample.stepIndex(), sample.logProb());
        }

        /**
         * @param features     the observation's feature vector
         * @param globalState  the global state (any length when the critic is local: it is then ignored)
         * @param masks        the head masks of the observation
         * @param offloadIndex x (0 local, 1 offload)
         * @param serverIndex  y (ignored when x = 0)
         * @param stepIndex    c as an index into C
         * @param oldLogProb   log π_old(a) of the acting policy
         */
        public Builder add(double[] features, double[] globalState, HeadMasks masks, int offloadIndex,
                int serverIndex, int stepIndex, double oldLogProb) {
            int f = shape.featureCount();
            int g = shape.globalStateSize();
            int m = shape.serverChoices();
            int c = shape.stepChoices();
            check(features.length == f, "features", features.length, f);
            check(g == 0 || globalState.length == g, "global state entries", globalState.length, g);
            check(masks.server().length == m, "server mask entries", masks.server().length, m);
            check(masks.steps().length == c, "steps mask entries", masks.steps().length, c);
            if (offloadIndex < 0 || offloadIndex > 1 || serverIndex < 0 || serverIndex >= m || stepIndex < 0
                    || stepIndex >= c) {
                throw new IllegalArgumentException("head indices (" + offloadIndex + ", " + serverIndex + ", "
                        + stepIndex + ") out of range");
            }
            int n = size + 1;
            observations = grow(observations, n * f);
            globalStates = grow(globalStates, n * g);
            offloadMasks = grow(offloadMasks, n * 2);
            serverMasks = grow(serverMasks, n * m);
            stepsMasks = grow(stepsMasks, n * c);
            for (int i = 0; i < f; i++) {
                observations[size * f + i] = (float) features[i];
            }
            for (int i = 0; i < g; i++) {
                globalStates[size * g + i] = (float) globalState[i];
            }
            System.arraycopy(masks.offloadAsFloats(), 0, offloadMasks, size * 2, 2);
            System.arraycopy(masks.serverAsFloats(), 0, serverMasks, size * m, m);
            System.arraycopy(masks.stepsAsFloats(), 0, stepsMasks, size * c, c);
            offload = growInts(offload, n);
            server = growInts(server, n);
            steps = growInts(steps, n);
            oldLogProbs = grow(oldLogProbs, n);
            episodes = growInts(episodes, n);
            offload[size] = offloadIndex;
            server[size] = offloadIndex == 1 ? serverIndex : 0;
            steps[size] = stepIndex;
            oldLogProbs[size] = (float) oldLogProb;
            episodes[size] = episode;
            size = n;
            return this;
        }

        public int size() {
            return size;
        }

        public Batch build() {
            return new Batch(shape, size, Arrays.copyOf(observations, size * shape.featureCount()),
                    Arrays.copyOf(globalStates, size * shape.globalStateSize()), Arrays.copyOf(offloadMasks, size * 2),
                    Arrays.copyOf(serverMasks, size * shape.serverChoices()),
                    Arrays.copyOf(stepsMasks, size * shape.stepChoices()), Arrays.copyOf(offload, size),
                    Arrays.copyOf(server, size), Arrays.copyOf(steps, size), Arrays.copyOf(oldLogProbs, size),
                    Arrays.copyOf(episodes, size), null, null);
        }

        private static void check(boolean ok, String what, int got, int expected) {
            if (!ok) {
                throw new IllegalArgumentException("expected " + expected + " " + what + ", got " + got);
            }
        }

        /** Doubles the capacity when needed (amortised O(1) appends). */
        private static float[] grow(float[] array, int needed) {
            return needed <= array.length ? array : Arrays.copyOf(array, Math.max(needed, 2 * array.length));
        }

        private static int[] growInts(int[] array, int needed) {
            return needed <= array.length ? array : Arrays.copyOf(array, Math.max(needed, 2 * array.length));
        }
    }
}
