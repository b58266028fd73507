package org.edgegen.report;

/** One line of {@code slots.csv}: what the tasks of one slot came to. */
public record SlotRow(int episode, int slot, TaskStats stats) {

    /** The columns of {@code slots.csv}. */
    public static final CsvLayout<SlotRow> CSV = new CsvLayout<>(RunFiles.SLOTS, "simulate --out DIR",
            "One row per (episode, slot), appended and flushed after every episode. Means are over the slot's "
                    + "active users (users with a task); counts are of the slot's tasks. **A slot without any "
                    + "active user has means of 0 and counts of 0.**",
            CsvLayout.columns(TaskColumns.ALL, SlotRow::stats,
                    Column.integer("episode", "", "the episode, from 0", SlotRow::episode),
                    Column.integer("slot", "", "the slot within the episode, from 0", SlotRow::slot),
                    Column.integer("activeUsers", "users", "users with a task in the slot", SlotRow::activeUsers)));

    /** Users with a task in the slot. */
    public long activeUsers() {
        return stats.tasks();
    }
}
