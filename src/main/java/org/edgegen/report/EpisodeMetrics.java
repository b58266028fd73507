package org.edgegen.report;

import java.util.List;

/** The rows one finished episode adds to a run's files: one per slot, in slot order, and the episode's own. */
public record EpisodeMetrics(List<SlotRow> slots, EpisodeRow episode) {

    public EpisodeMetrics {
        slots = List.copyOf(slots);
    }
}
