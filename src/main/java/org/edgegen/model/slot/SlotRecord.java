package org.edgegen.model.slot;

import java.util.List;

/**
 * What one slot of a run produced, for metrics: every active user's outcome in user-id order, and the shared mean
 * cost. The actor simulation and the single-threaded loop both emit these, and the same run gives equal records.
 */
public record SlotRecord(int episode, int slot, List<TaskOutcome> outcomes, double meanCost) {

    public SlotRecord {
        outcomes = List.copyOf(outcomes);
        for (int i = 1; i < outcomes.size(); i++) {
            if (outcomes.get(i).userId() <= outcomes.get(i - 1).userId()) {
                throw new IllegalArgumentException("outcomes must be in increasing user-id order");
            }
        }
    }

    /** The mean cost over active users, summed in user-id order (0 when nobody had a task). */
    public static double meanCost(List<TaskOutcome> outcomesInUserOrder) {
        double sum = 0.0;
        for (TaskOutcome outcome : outcomesInUserOrder) {
            sum += outcome.cost();
        }
        return outcomesInUserOrder.isEmpty() ? 0.0 : sum / outcomesInUserOrder.size();
    }
}
