package org.edgegen.report;

/** One line of {@code episodes.csv}: what all tasks of one episode came to (task-weighted, not slot-weighted). */
public record EpisodeRow(int episode, int slots, TaskStats stats) {

    /** The columns of {@code episodes.csv}. */
    public static final CsvLayout<EpisodeRow> CSV = new CsvLayout<>(RunFiles.EPISODES, "simulate --out DIR",
            "One row per episode, appended and flushed as it ends: the columns of `slots.csv` aggregated over all "
                    + "tasks of the episode (means weighted by task, not by slot; counts summed).",
            CsvLayout.columns(TaskColumns.ALL, EpisodeRow::stats,
                    Column.integer("episode", "", "the episode, from 0", EpisodeRow::episode),
                    Column.integer("slots", "slots", "slots in the episode", EpisodeRow::slots),
                    TaskColumns.TASKS.from(EpisodeRow::stats)));
}
