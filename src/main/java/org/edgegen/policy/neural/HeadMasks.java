package org.edgegen.policy.neural;

import java.util.Arrays;
import org.edgegen.policy.ActionMask;
import org.edgegen.policy.ActionSpace;
import org.edgegen.policy.Observation;

/**
 * Which choices of each factored head are valid for one observation, derived from its {@link ActionMask}: y is
 * valid for the candidates that exist; c is valid where the local action with that c is valid (only
 * {@code mdp.mask-steps-below-min} removes any); x = offload is valid when some offload is (the home BS always
 * exists, so in practice always). The flattened mask is exactly the product of the three.
 */
public record HeadMasks(boolean[] offload, boolean[] server, boolean[] steps) {

    public HeadMasks {
        offload = offload.clone();
        server = server.clone();
        steps = steps.clone();
    }

    public static HeadMasks of(Observation observation, ActionSpace space) {
        return of(observation.mask(), observation.candidateCount(), space);
    }

    /** The masks of an observation with this action mask and {@code candidateCount} candidates. */
    public static HeadMasks of(ActionMask mask, int candidateCount, ActionSpace space) {
        int servers = space.maxCandidates();
        int steps = space.steps().size();
        boolean[] all = new boolean[2 + servers + steps];
        fill(mask, candidateCount, space, all, 0, 2, 2 + servers);
        return new HeadMasks(Arrays.copyOfRange(all, 0, 2), Arrays.copyOfRange(all, 2, 2 + servers),
                Arrays.copyOfRange(all, 2 + servers, all.length));
    }

    /**
     * The three masks written into one array without allocating: x's two at {@code offloadAt}, y's
     * {@code maxCandidates} at {@code serverAt}, c's |C| at {@code stepsAt} (the forward pass's form).
     */
    static void fill(Observation observation, ActionSpace space, boolean[] into, int offloadAt, int serverAt,
            int stepsAt) {
        fill(observation.mask(), observation.candidateCount(), space, into, offloadAt, serverAt, stepsAt);
    }

    private static void fill(ActionMask mask, int candidates, ActionSpace space, boolean[] into, int offloadAt,
            int serverAt, int stepsAt) {
        int places = space.places();
        int servers = space.maxCandidates();
        for (int y = 0; y < servers; y++) {
            into[serverAt + y] = y < candidates;
        }
        int steps = space.steps().size();
        boolean anyOffload = false;
        for (int c = 0; c < steps; c++) {
            into[stepsAt + c] = mask.isValid(c * places);
            for (int y = 0; y < servers; y++) {
                anyOffload |= mask.isValid(c * places + 1 + y);
            }
        }
        into[offloadAt] = true;
        into[offloadAt + 1] = anyOffload;
    }

    @Override
    public boolean[] offload() {
        return offload.clone();
    }

    @Override
    public boolean[] server() {
        return server.clone();
    }

    @Override
    public boolean[] steps() {
        return steps.clone();
    }

    public boolean offloadValid(int x) {
        return offload[x];
    }

    public boolean serverValid(int y) {
        return server[y];
    }

    public boolean stepsValid(int c) {
        return steps[c];
    }

    /** The masks as 0/1 floats, the form the TensorFlow graph reads. */
    public float[] offloadAsFloats() {
        return floats(offload);
    }

    public float[] serverAsFloats() {
        return floats(server);
    }

    public float[] stepsAsFloats() {
        return floats(steps);
    }

    private static float[] floats(boolean[] mask) {
        float[] f = new float[mask.length];
        for (int i = 0; i < mask.length; i++) {
            f[i] = mask[i] ? 1f : 0f;
        }
        return f;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeadMasks other && Arrays.equals(offload, other.offload)
                && Arrays.equals(server, other.server) && Arrays.equals(steps, other.steps);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(offload) + Arrays.hashCode(server))
                + Arrays.hashCode(steps);
    }

    @Override
    public String toString() {
        return "HeadMasks[offload=" + Arrays.toString(offload) + ", server="
                + Arrays.toString(server) + ", steps=" + Arrays.toString(steps) + "]";
    }
}
