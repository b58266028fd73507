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

    /** The sums as 16 longs (each double by its bits), in field order: {@link #of} gives the same tally back. */
    long[] state() {
        return new long[] {tasks, generated, Double.doubleToRawLongBits(costSum),
            Double.doubleToRawLongBits(delaySecondsSum), Double.doubleToRawLongBits(energyJoulesSum),
            Double.doubleToRawLongBits(errorSum), Double.doubleToRawLongBits(penaltySum), stepsSum, local, home,
            neighbour, failed, deadlineViolations, qualityViolations, droppedTasks, invalidActions};
    }

    /** The tally whose {@link #state} is {@code state}. */
    static TaskTally of(long[] state) {
        if (state.length != 16) {
            throw new IllegalArgumentException("a task tally has 16 sums, got " + state.length);
        }
        TaskTally tally = new TaskTally();
        tally.tasks = state[0];
        tally.generated = state[1];
        tally.costSum = Double.longBitsToDouble(state[2]);
        tally.delaySecondsSum = Double.longBitsToDouble(state[3]);
        tally.energyJoulesSum = Double.longBitsToDouble(state[4]);
        tally.errorSum = Double.longBitsToDouble(state[5]);
        tally.penaltySum = Double.longBitsToDouble(state[6]);
        tally.stepsSum = state[7];
        tally.local = state[8];
        tally.home = state[9];
        tally.neighbour = state[10];
        tally.failed = state[11];
        tally.deadlineViolations = state[12];
        tally.qualityViolations = state[13];
        tally.droppedTasks = state[14];
        tally.invalidActions = state[15];
        return tally;
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
