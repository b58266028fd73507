package org.edgegen.model.slot;

import java.util.List;
import java.util.Optional;

/** The outcome of one slot: each active user's task, the state carried into the next slot, and the shared reward. */
public record SlotResult(List<TaskOutcome> outcomes, SlotState next, double meanCost) {

    public SlotResult {
        outcomes = List.copyOf(outcomes);
    }

    public Optional<TaskOutcome> outcomeOf(int userId) {
        return outcomes.stream().filter(o -> o.userId() == userId).findFirst();
    }

    /** r_n(l) of an active user. */
    public double reward(TaskOutcome outcome) {
        return org.edgegen.model.cost.CostModel.reward(meanCost, outcome.penalty());
    }
}
