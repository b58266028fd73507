package org.edgegen.report;

/** One line of {@code slots.csv}: what the tasks of one slot came to. */
public record SlotRow(int episode, int slot, TaskStats stats) {

    /** Users with a task in the slot. */
    public long activeUsers() {
        return stats.tasks();
    }
}
