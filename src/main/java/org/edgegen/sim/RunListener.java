package org.edgegen.sim;

import java.util.List;
import org.edgegen.model.slot.SlotRecord;

/**
 * Receives a run's results one whole episode at a time, in episode order (an episode that had to be re-run is
 * delivered once, after its successful attempt). Called from one thread at a time.
 */
@FunctionalInterface
public interface RunListener {

    void onEpisode(int episode, List<SlotRecord> slots);
}
