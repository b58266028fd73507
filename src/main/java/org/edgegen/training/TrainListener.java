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

    /**
     * A run whose learner lives elsewhere (a cluster's learner node) hands its listener, before the first episode,
     * a way to ask that learner for a checkpoint at its next policy update and for none after it: what a run that
     * is to stop on a signal needs to be resumable. Nothing by default.
     */
    default void checkpointsOnRequest(Runnable askForCheckpoint) {}
}
