package org.edgegen.policy.baseline;

import java.util.SplittableRandom;
import org.edgegen.policy.Action;
import org.edgegen.policy.ActionSpace;
import org.edgegen.policy.CostEstimator;
import org.edgegen.policy.Observation;
import org.edgegen.policy.Policy;

/**
 * Each user minimises its own estimated cost plus penalty ({@link CostEstimator}) over its valid actions,
 * ignoring the other users' simultaneous choices. With a fixed step rule only actions with that c are considered.
 * Ties go to the lowest action index (local before offloading, fewer steps first).
 */
public record GreedyLocal(ActionSpace space, CostEstimator estimator, StepRule stepRule) implements Policy {

    @Override
    public Action act(Observation observation, SplittableRandom random) {
        Action best = null;
        double bestValue = Double.POSITIVE_INFINITY;
        for (int index : observation.mask().validIndices()) {
            Action action = space.action(index);
            if (stepRule.fixedSteps() > 0 && action.steps() != stepRule.fixedSteps()) {
                continue;
            }
            double value = estimator.estimate(observation, action).objective();
            if (value < bestValue) {
                bestValue = value;
                best = action;
            }
        }
        return best != null ? best : Action.local(stepRule.steps(observation));
    }

    @Override
    public String name() {
        return "greedy-local" + stepRule.suffix();
    }
}
