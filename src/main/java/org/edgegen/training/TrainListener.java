package org.edgegen.training;

import java.util.List;
import org.edgegen.model.slot.SlotRecord;

/**
 * Receives each training episode once the policy has learned from it: the episode's slot records (played with the
 * policy version before the update) and the update. Called right after the update and before the next episode
 * starts, off the actor threads (the actor learner runs both on its blocking dispatcher), so the trainer is idle
 * and may be checkpointed, or the policy validated, from here.
 */
@FunctionalInterface
public interface TrainListener {

    void onEpisode(int episode, List<SlotRecord> slots, PolicyTrainer.TrainingStep step);
}
