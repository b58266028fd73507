package org.edgegen.policy.baseline;

import org.edgegen.model.SystemModel;
import org.edgegen.model.slot.Decision;
import org.edgegen.model.slot.SlotResolver;
import org.edgegen.model.slot.TaskOutcome;
import org.edgegen.policy.Action;
import org.edgegen.policy.ActionSpace;
import org.edgegen.policy.JointPolicy;
import org.edgegen.policy.ObservationBuilder;
import org.edgegen.policy.SlotContext;

/**
 * A centralised reference, coordinated but myopic: the active users of a slot decide one after another in user-id
 * order, each taking its best response to the decisions already made — the valid action minimising its own
 * C_n + r^P_n as the exact slot resolution ({@link SlotResolver}) gives it, with every earlier user's decision in
 * place and the later users not yet acting (see {@link SlotSequence}). It uses full information of the slot (every
 * user's task, channel and choice) but looks at this slot only: the backlog it leaves is nobody's concern, and a
 * later user's choice can still worsen an earlier user's outcome (band sharing, a task arriving ahead in the
 * queue). Ties go to the lowest action index, as in {@code greedy-local}. O(N × 48) slot resolutions per slot.
 */
public final class CentralGreedy implements JointPolicy {

    private final ObservationBuilder observations;
    private final SlotResolver resolver;

    public CentralGreedy(SystemModel model, ObservationBuilder observations) {
        this.observations = observations;
        this.resolver = new SlotResolver(model);
    }

    @Override
    public Decision[] decide(SlotContext context) {
        ActionSpace space = observations.actionSpace();
        return SlotSequence.decide(context, observations, resolver, (observation, outcomes) -> {
            Action best = null;
            double bestValue = Double.POSITIVE_INFINITY;
            for (int index : observation.mask().validIndices()) {
                Action action = space.action(index);
                TaskOutcome outcome = outcomes.of(action);
                double value = outcome.cost() + outcome.penalty();
                if (value < bestValue) {
                    bestValue = value;
                    best = action;
                }
            }
            return best != null ? best : Action.local(observation.minSteps());
        });
    }

    @Override
    public String name() {
        return "central-greedy";
    }
}
