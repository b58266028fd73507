package org.edgegen.policy.neural;

import java.util.Arrays;

/**
 * The three factored categorical distributions of the actor for one observation: π(x) over {local, offload},
 * π(y) over candidate slots and π(c) over step choices; masked choices have probability exactly 0.
 */
public record HeadProbabilities(double[] offload, double[] server, double[] steps) {

    public HeadProbabilities {
        offload = offload.clone();
        server = server.clone();
        steps = steps.clone();
    }

    @Override
    public double[] offload() {
        return offload.clone();
    }

    @Override
    public double[] server() {
        return server.clone();
    }

    @Override
    public double[] steps() {
        return steps.clone();
    }

    /** p(offload), the weight of the y head in the joint entropy. */
    public double offloadProbability() {
        return offload[1];
    }

    /** H(x) + p(offload)·H(y) + H(c), in nats. */
    public double entropy() {
        return entropy(offload) + offload[1] * entropy(server) + entropy(steps);
    }

    private static double entropy(double[] p) {
        double h = 0;
        for (double q : p) {
            if (q > 0) {
                h -= q * Math.log(q);
            }
        }
        return h;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeadProbabilities other && Arrays.equals(offload, other.offload)
                && Arrays.equals(server, other.server) && Arrays.equals(steps, other.steps);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(offload) + Arrays.hashCode(server)) + Arrays.hashCode(steps);
    }

    @Override
    public String toString() {
        return "HeadProbabilities[offload=" + Arrays.toString(offload) + ", server=" + Arrays.toString(server)
                + ", steps=" + Arrays.toString(steps) + "]";
    }
}
