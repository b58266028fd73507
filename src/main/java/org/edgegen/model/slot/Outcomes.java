package org.edgegen.model.slot;

import org.edgegen.model.SystemModel;
import org.edgegen.model.processing.Processing;
import org.edgegen.model.task.Task;

/**
 * The last step of a slot, for one user: its task's outcome (delay, energy, error, cost and penalty) on whichever
 * path it took, and its local backlog for the next slot. The direct loop, the user devices and Greedy-Local's
 * estimate all call these, so a task's outcome is composed in one place.
 */
public final class Outcomes {

    private final SystemModel model;

    public Outcomes(SystemModel model) {
        this.model = model;
    }

    /** A task generated on the device: T^L and E^L behind the device's own backlog. */
    public TaskOutcome local(Task task, int steps, double backlogSeconds, double deviceStepSeconds) {
        Processing processing = model.processing();
        return completed(task, Path.LOCAL, -1, steps,
                processing.localDelaySeconds(backlogSeconds, steps, deviceStepSeconds),
                processing.localEnergyJoules(steps, deviceStepSeconds), TaskOutcome.OffloadTrace.NONE);
    }

    /** An invalid action: nothing was spent, the task fails. */
    public TaskOutcome invalid(Task task, int steps) {
        return failed(task, steps, 0.0, TaskOutcome.OffloadTrace.NONE);
    }

    /**
     * An offloaded task, from what its home BS delivered: T^H or T^N, and E^H = E^N = p t^up (also spent by a task
     * dropped at a full server).
     */
    public TaskOutcome offloaded(Task task, int homeBs, int targetBs, int steps, Delivery delivery,
            BackhaulRates backhaul) {
        Processing processing = model.processing();
        TaskOutcome.OffloadTrace trace = delivery.trace();
        double energy = processing.offloadEnergyJoules(trace.uploadSeconds());
        if (delivery.dropped()) {
            return failed(task, steps, energy, trace);
        }
        double delay = targetBs == homeBs
                ? processing.homeDelaySeconds(trace.completionSeconds(), task.outputBits(),
                        trace.downlinkRateBitsPerSecond())
                : processing.neighbourDelaySeconds(trace.completionSeconds(), task.outputBits(),
                        backhaul.bitsPerSecond(targetBs, homeBs), trace.downlinkRateBitsPerSecond());
        return completed(task, targetBs == homeBs ? Path.HOME : Path.NEIGHBOUR, targetBs, steps, delay, energy, trace);
    }

    /**
     * Q^U_n(l+1) of a user whose (validated) decision has {@code kind}: only a local task adds work to the device.
     */
    public double nextBacklogSeconds(double backlogSeconds, Decision.Kind kind, int steps, double deviceStepSeconds) {
        double addedWork = kind == Decision.Kind.LOCAL
                ? model.processing().localWorkSeconds(steps, deviceStepSeconds)
                : 0.0;
        return Processing.nextLocalBacklogSeconds(backlogSeconds, addedWork, model.slotSeconds());
    }

    /** The outcome of a task that was generated, with its error, cost and penalty. */
    public TaskOutcome completed(Task task, Path path, int serverBs, int steps, double delaySeconds,
            double energyJoules, TaskOutcome.OffloadTrace trace) {
        double error = model.steps().error(steps);
        double cost = model.costs().cost(delaySeconds, energyJoules, error);
        double penalty = model.costs().penalty(delaySeconds, task.deadlineSeconds(), error, task.maxError(),
                energyJoules, false);
        return new TaskOutcome(task.userId(), path, serverBs, steps, delaySeconds, energyJoules, error, cost, penalty,
                delaySeconds > task.deadlineSeconds(), error > task.maxError(), false, false, trace);
    }

    /**
     * The outcome of a task that was never generated: it waited until its deadline, with error 1. A task with an
     * offload trace was dropped at a full server; one without was an invalid action.
     */
    public TaskOutcome failed(Task task, int steps, double energyJoules, TaskOutcome.OffloadTrace trace) {
        boolean dropped = trace != TaskOutcome.OffloadTrace.NONE;
        double delay = task.deadlineSeconds();
        double error = 1.0;
        double cost = model.costs().cost(delay, energyJoules, error);
        double penalty = model.costs().penalty(delay, task.deadlineSeconds(), error, task.maxError(), energyJoules,
                true);
        return new TaskOutcome(task.userId(), Path.FAILED, -1, steps, delay, energyJoules, error, cost, penalty,
                false, error > task.maxError(), dropped, !dropped, trace);
    }
}
