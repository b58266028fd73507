package org.edgegen.policy;

import java.util.Arrays;

/** Which flattened actions are valid for one agent in one slot. */
public final class ActionMask {

    private final boolean[] valid;

    /** Takes {@code valid} without copying it (the caller made it and drops it). */
    private ActionMask(boolean[] valid) {
        this.valid = valid;
    }

    /**
     * Local with any allowed c is always valid; offloading to candidate y is valid when y < |S_n|. With
     * {@code minSteps > 0}, actions with c < minSteps are masked too (c^min_n is always a member of C, so local
     * with c^min_n stays valid).
     */
    public static ActionMask of(ActionSpace space, int candidateCount, int minSteps) {
        // the same as testing every space.action(i), without making 48 Actions per observation
        int places = space.places();
        boolean[] valid = new boolean[space.size()];
        for (int i = 0; i < valid.length; i++) {
            int place = i % places;
            valid[i] = (place == 0 || place - 1 < candidateCount) && space.steps().steps(i / places) >= minSteps;
        }
        return new ActionMask(valid);
    }

    public boolean isValid(int index) {
        return valid[index];
    }

    public int size() {
        return valid.length;
    }

    public int validCount() {
        int count = 0;
        for (boolean v : valid) {
            count += v ? 1 : 0;
        }
        return count;
    }

    /** The valid indices, increasing. */
    public int[] validIndices() {
        int[] indices = new int[validCount()];
        int k = 0;
        for (int i = 0; i < valid.length; i++) {
            if (valid[i]) {
                indices[k++] = i;
            }
        }
        return indices;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActionMask other && Arrays.equals(valid, other.valid);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(valid);
    }
}
