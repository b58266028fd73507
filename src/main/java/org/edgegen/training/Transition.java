package org.edgegen.training;

import org.edgegen.cluster.CborSerializable;
import org.edgegen.model.SystemModel;
import org.edgegen.model.processing.Processing;
import org.edgegen.model.slot.TaskOutcome;
import org.edgegen.model.task.Task;

/**
 * One decision of one user, as its actor records it for the learner: what it saw, what it chose with which
 * probability under which policy version, and its own penalty. The reward needs the slot's shared mean cost as
 * well, which only the coordinator knows: r = -meanCost(slot) - penalty.
 *
 * @param features       the normalised observation vector
 * @param offloadMask    valid choices of the x head
 * @param serverMask     valid choices of the y head
 * @param stepsMask      valid choices of the c head
 * @param logProb        log π(a) under {@code policyVersion}
 * @param penalty        r^P_n of the task's outcome
 * @param credit         what the marginal credit ({@code edgegen.learner.credit = marginal}) reads of the outcome
 */
public record Transition(
        int slot,
        double[] features,
        boolean[] offloadMask,
        boolean[] serverMask,
        boolean[] stepsMask,
        int offloadIndex,
        int serverIndex,
        int stepIndex,
        double logProb,
        long policyVersion,
        double penalty,
        Credit credit) implements CborSerializable {

    /**
     * A task's outcome as the marginal credit reads it: its own cost C_n, where it was served (-1 when it used no
     * edge server: local, invalid or dropped), when it arrived there, its steps, whether its completion was set
     * by the server's queue, and what one more second of its delay would cost ({@code CostModel#delayCostPerSecond});
     * for {@code credit = marginal-radio} also the cell whose uplink it crossed (-1 when it used none) and how much
     * longer its upload took for sharing the band with one more offloader (0 when it was alone).
     */
    public record Credit(
            double cost,
            int serverBs,
            double arrivalSeconds,
            int steps,
            boolean queueBound,
            double delayCostPerSecond,
            int uplinkBs,
            double sharingDelaySeconds) implements CborSerializable {

        /** A credit without the uplink's share (a task that crossed no uplink, or where only the queues count). */
        public Credit(double cost, int serverBs, double arrivalSeconds, int steps, boolean queueBound,
                double delayCostPerSecond) {
            this(cost, serverBs, arrivalSeconds, steps, queueBound, delayCostPerSecond, -1, 0.0);
        }

        /** The credit record of a task's outcome. */
        public static Credit of(SystemModel model, Task task, TaskOutcome outcome) {
            double perSecond = model.costs().delayCostPerSecond(outcome.delaySeconds(), task.deadlineSeconds());
            int server = outcome.failed() ? -1 : outcome.serverBs();
            if (server < 0) {
                // a dropped task was uploaded: it took its share of the cell's band, but its own delay counts for
                // nothing (its penalty does)
                return new Credit(outcome.cost(), -1, Double.NaN, outcome.steps(), false, perSecond,
                        outcome.offload().uplinkBs(), 0.0);
            }
            TaskOutcome.OffloadTrace trace = outcome.offload();
            boolean queueBound = Processing.queueBound(trace.arrivalSeconds(), outcome.steps(), model.gpu(server),
                    trace.completionSeconds());
            return new Credit(outcome.cost(), server, trace.arrivalSeconds(), outcome.steps(), queueBound,
                    perSecond, trace.uplinkBs(), trace.uplinkBs() < 0 ? 0.0 : trace.sharingDelaySeconds());
        }
    }
}
