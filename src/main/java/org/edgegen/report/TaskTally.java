package org.edgegen.report;

import org.edgegen.model.slot.Path;
import org.edgegen.model.slot.TaskOutcome;

/**
 * Running sums over task outcomes. Sums are taken in the order the outcomes and tallies are added, which the
 * callers keep fixed (slot order, then user-id order), so the same run always gives the same bits.
 */
final class TaskTally {

    private long tasks;
    private long generated;
    private double costSum;
    private double delaySecondsSum;
    private double energyJoulesSum;
    private double errorSum;
    private double penaltySum;
    private long stepsSum;
    private long local;
    private long home;
    private long neighbour;
    private long failed;
    private long deadlineViolations;
    private long qualityViolations;
    private long droppedTasks;
    private long invalidActions;

    void add(TaskOutcome outcome) {
        tasks++;
        costSum += outcome.cost();
        delaySecondsSum += outcome.delaySeconds();
        energyJoulesSum += outcome.energyJoules();
        errorSum += outcome.error();
        penaltySum += outcome.penalty();
        switch (outcome.path()) {
            case LOCAL -> local++;
            case HOME -> home++;
            case NEIGHBOUR -> neighbour++;
            case FAILED -> failed++;
        }
        if (outcome.path() != Path.FAILED) {
            generated++;
            stepsSum += outcome.steps();
        }
        deadlineViolations += outcome.deadlineViolated() ? 1 : 0;
        qualityViolations += outcome.qualityViolated() ? 1 : 0;
        droppedTasks += outcome.dropped() ? 1 : 0;
        invalidActions += outcome.invalid() ? 1 : 0;
    }

    void add(TaskTally other) {
        tasks += other.tasks;
        generated += other.generated;
        costSum += other.costSum;
        delaySecondsSum += other.delaySecondsSum;
        energyJoulesSum += other.energyJoulesSum;
        errorSum += other.errorSum;
        penaltySum += other.penaltySum;
        stepsSum += other.stepsSum;
        local += other.local;
        home += other.home;
        neighbour += other.neighbour;
        failed += other.failed;
        deadlineViolations += other.deadlineViolations;
        qualityViolations += other.qualityViolations;
        droppedTasks += other.droppedTasks;
        invalidActions += other.invalidActions;
    }

    TaskStats stats() {
        if (tasks == 0) {
            return TaskStats.NONE;
        }
        double n = tasks;
        return new TaskStats(tasks, costSum / n, delaySecondsSum / n, energyJoulesSum / n, errorSum / n,
                penaltySum / n, local, home, neighbour, failed, deadlineViolations, qualityViolations, droppedTasks,
                invalidActions, generated == 0 ? 0.0 : (double) stepsSum / generated);
    }
}
