package org.edgegen.model.slot;

import java.util.Arrays;

/**
 * What one slot carries into the next: every user's local backlog Q^U_n (s), every server's backlog Q_b
 * (image-steps) and how many tasks each server received in the slot before (the "users that offloaded there last
 * slot" of the observation). Instances are never mutated after construction.
 */
public final class SlotState {

    private final double[] userBacklogSeconds;
    private final double[] bsBacklogImageSteps;
    private final int[] lastArrivalCount;

    public SlotState(double[] userBacklogSeconds, double[] bsBacklogImageSteps, int[] lastArrivalCount) {
        if (bsBacklogImageSteps.length != lastArrivalCount.length) {
            throw new IllegalArgumentException("per-BS arrays differ in length");
        }
        this.userBacklogSeconds = userBacklogSeconds.clone();
        this.bsBacklogImageSteps = bsBacklogImageSteps.clone();
        this.lastArrivalCount = lastArrivalCount.clone();
    }

    /** Empty queues everywhere: the state at the start of an episode. */
    public static SlotState initial(int users, int cells) {
        return new SlotState(new double[users], new double[cells], new int[cells]);
    }

    public double userBacklogSeconds(int user) {
        return userBacklogSeconds[user];
    }

    public double bsBacklogImageSteps(int bs) {
        return bsBacklogImageSteps[bs];
    }

    public int lastArrivalCount(int bs) {
        return lastArrivalCount[bs];
    }

    public int userCount() {
        return userBacklogSeconds.length;
    }

    public int cellCount() {
        return bsBacklogImageSteps.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SlotState other
                && Arrays.equals(userBacklogSeconds, other.userBacklogSeconds)
                && Arrays.equals(bsBacklogImageSteps, other.bsBacklogImageSteps)
                && Arrays.equals(lastArrivalCount, other.lastArrivalCount);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(userBacklogSeconds) * 31 + Arrays.hashCode(bsBacklogImageSteps);
    }

    @Override
    public String toString() {
        return "SlotState[users=" + Arrays.toString(userBacklogSeconds) + ", bs="
                + Arrays.toString(bsBacklogImageSteps) + ", arrivals=" + Arrays.toString(lastArrivalCount) + "]";
    }
}
