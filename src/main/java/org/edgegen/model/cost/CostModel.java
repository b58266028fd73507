package org.edgegen.model.cost;

import org.edgegen.model.Scenario.CostParams;
import org.edgegen.model.Scenario.PenaltyParams;

/** Weighted cost, constraint penalty and reward of SYSTEM-MODEL §6. */
public final class CostModel {

    private final CostParams cost;
    private final PenaltyParams penalty;

    public CostModel(CostParams cost, PenaltyParams penalty) {
        this.cost = cost;
        this.penalty = penalty;
    }

    /** C_n = ω1 T_n/T_ref + ω2 E_n/E_ref + ω3 ε(c_n). */
    public double cost(double delaySeconds, double energyJoules, double error) {
        return cost.delayWeight() * delaySeconds / cost.delayRefSeconds()
                + cost.energyWeight() * energyJoules / cost.energyRefJoules()
                + cost.errorWeight() * error;
    }

    /**
     * r^P_n = ρ_T (1{T > T^max} + [T - T^max]^+/T^max) + ρ_ε 1{ε > ε^max} + ρ_E 1{E > E^max} + ρ_I 1{failed},
     * where failed means an invalid action or a dropped task.
     */
    public double penalty(
            double delaySeconds, double deadlineSeconds, double error, double maxError, double energyJoules,
            boolean failed) {
        double late = Math.max(0.0, delaySeconds - deadlineSeconds);
        double value = 0.0;
        if (delaySeconds > deadlineSeconds) {
            value += penalty.deadlineWeight() * (1.0 + late / deadlineSeconds);
        }
        if (error > maxError) {
            value += penalty.qualityWeight();
        }
        if (energyJoules > penalty.energyMaxJoules()) {
            value += penalty.energyWeight();
        }
        if (failed) {
            value += penalty.invalidWeight();
        }
        return value;
    }

    /**
     * ∂(C_n + r^P_n)/∂T_n: what one more second of delay costs a task that took {@code delaySeconds} against its
     * deadline, ω1/T_ref plus ρ_T/T^max once it is late (the step of the indicator is left out). The marginal
     * credit of the learner ({@code edgegen.learner.credit = marginal}) charges a task's queueing delay to the
     * tasks served before it with this weight.
     */
    public double delayCostPerSecond(double delaySeconds, double deadlineSeconds) {
        double value = cost.delayWeight() / cost.delayRefSeconds();
        if (delaySeconds > deadlineSeconds) {
            value += penalty.deadlineWeight() / deadlineSeconds;
        }
        return value;
    }

    /** r_n(l) = -(1/|A(l)|) Σ_{m∈A(l)} C_m(l) - r^P_n(l): the shared mean cost plus the agent's own penalty. */
    public static double reward(double meanCostOfActiveUsers, double ownPenalty) {
        return -meanCostOfActiveUsers - ownPenalty;
    }

    public CostParams costParams() {
        return cost;
    }

    public PenaltyParams penaltyParams() {
        return penalty;
    }
}
