package org.edgegen.report;

import org.edgegen.model.slot.TaskOutcome;

/**
 * What a set of tasks (one slot, one episode or a whole run) came to: task-weighted means and counts. Every mean
 * is 0 when there are no tasks, so a slot in which nobody had a task gives a row of zeros.
 *
 * @param tasks              tasks (active users) in the set
 * @param local              tasks generated on the device
 * @param home               tasks generated at the user's home BS
 * @param neighbour          tasks generated at a neighbour of the home BS
 * @param failed             tasks not generated: invalid actions and tasks dropped at a full server
 * @param meanSteps          mean denoising steps of the generated tasks (failed ones excluded; 0 if none)
 */
public record TaskStats(
        long tasks,
        double meanCost,
        double meanDelaySeconds,
        double meanEnergyJoules,
        double meanError,
        double meanPenalty,
        long local,
        long home,
        long neighbour,
        long failed,
        long deadlineViolations,
        long qualityViolations,
        long droppedTasks,
        long invalidActions,
        double meanSteps) {

    public static final TaskStats NONE = new TaskStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** What these outcomes came to, summed in the order given. */
    public static TaskStats of(Iterable<TaskOutcome> outcomes) {
        TaskTally tally = new TaskTally();
        outcomes.forEach(tally::add);
        return tally.stats();
    }

    public double deadlineViolationRate() {
        return share(deadlineViolations);
    }

    public double qualityViolationRate() {
        return share(qualityViolations);
    }

    /** {@code count} as a fraction of the tasks (0 when there are none). */
    public double share(long count) {
        return tasks == 0 ? 0.0 : (double) count / tasks;
    }
}
