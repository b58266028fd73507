package org.edgegen.policy;

/**
 * Every user's observation of one slot, as the bridge's packed layout sends it ({@link ObservationBuilder#observeAll}):
 * the features of user n rounded to float32 at {@code features[n * featureCount ..]}, and per user whether it has a
 * task, its c^min_n, its action mask and its candidate count. The arrays are the caller's (not copied).
 */
public record PackedObservations(int featureCount, float[] features, boolean[] hasTask, int[] minSteps,
        ActionMask[] masks, int[] candidateCounts) {

    public int users() {
        return hasTask.length;
    }
}
