package org.edgegen.model.slot;

import java.util.List;
import org.edgegen.model.NonFiniteResultException;

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

    /**
     * This record, after checking that every outcome's delay, energy, error, cost and penalty and the mean cost are
     * finite numbers.
     *
     * @throws NonFiniteResultException naming the episode, slot, user and quantity of the first that is not
     */
    public SlotRecord requireFinite() {
        for (TaskOutcome o : outcomes) {
            finite(o.userId(), "delay (s)", o.delaySeconds());
            finite(o.userId(), "energy (J)", o.energyJoules());
            finite(o.userId(), "error", o.error());
            finite(o.userId(), "cost", o.cost());
            finite(o.userId(), "penalty", o.penalty());
        }
        if (!Double.isFinite(meanCost)) {
            throw nonFinite("the mean cost is " + meanCost);
        }
        return this;
    }

    private void finite(int userId, String quantity, double value) {
        if (!Double.isFinite(value)) {
            throw nonFinite("user " + userId + "'s " + quantity + " is " + value);
        }
    }

    private NonFiniteResultException nonFinite(String what) {
        return new NonFiniteResultException("a result is not a finite number: episode " + episode + ", slot " + slot
                + ", " + what + "; the scenario's values overflow a formula (check powers, weights, normalisers and "
                + "sizes near the ends of their ranges)");
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
