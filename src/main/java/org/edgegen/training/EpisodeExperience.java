package org.edgegen.training;

import java.util.List;

/**
 * Everything one training episode produced, assembled by the learner actor: every user's transitions in slot
 * order, and per slot the shared mean cost and the load of every server (the centralised critic's input).
 *
 * @param trajectories        one per user, in user-id order (users without a task in the episode have none)
 * @param meanCost            the slot's mean cost over its active users, per slot
 * @param bsBacklogImageSteps per slot, Q_b at its start, per BS
 * @param lastArrivals        per slot, the tasks each BS received in the slot before, per BS
 */
public record EpisodeExperience(
        int episode,
        List<UserTrajectory> trajectories,
        double[] meanCost,
        double[][] bsBacklogImageSteps,
        int[][] lastArrivals) {

    /** One user's decisions of the episode, in slot order. */
    public record UserTrajectory(int userId, List<Transition> transitions) {}

    public int transitionCount() {
        return trajectories.stream().mapToInt(t -> t.transitions().size()).sum();
    }
}
