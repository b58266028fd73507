package org.edgegen.report;

/** One line of {@code episodes.csv}: what all tasks of one episode came to (task-weighted, not slot-weighted). */
public record EpisodeRow(int episode, int slots, TaskStats stats) {}
