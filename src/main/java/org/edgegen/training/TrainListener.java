package org.edgegen.training;

import java.util.List;
import org.edgegen.model.slot.SlotRecord;

/**
 * Receives each training episode once the policy has learned from it: the episode's slot records (played with the
 * policy version before the update) and the update. Called on the learner actor's thread before the next episode
 * starts, so the trainer is idle and may be checkpointed from here.
 */
@FunctionalInterface
public interface TrainListener {

    void onEpisode(int episode, List<SlotRecord> slots, PolicyTrainer.TrainingStep step);
}
