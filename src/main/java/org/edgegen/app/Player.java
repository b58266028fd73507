package org.edgegen.app;

import org.edgegen.config.LoadedScenario;
import org.edgegen.learn.PpoTrainer;
import org.edgegen.sim.RunListener;
import org.edgegen.training.RunReport;
import org.edgegen.training.TrainListener;
import org.edgegen.training.TrainRequest;

/**
 * Where a run plays: an {@link Engine} in this JVM, a cluster joined as a client, or the actor system of the
 * cluster node that hosts a detached run ({@link DetachedRunHost}).
 */
public interface Player {

    /** Plays episodes 0..episodes-1 of {@code seed}, each handed to {@code listener} once complete. */
    RunReport play(LoadedScenario loaded, PolicyLineup.Entry policy, int episodes, long seed, RunListener listener);

    /**
     * Plays episodes firstEpisode..episodes-1 of {@code seed} (each as in a run from episode 0), each handed to
     * {@code listener} once complete; only a detached run's player goes on from a later episode.
     */
    default RunReport play(LoadedScenario loaded, PolicyLineup.Entry policy, int firstEpisode, int episodes,
            long seed, RunListener listener) {
        if (firstEpisode != 0) {
            throw new UnsupportedOperationException("the " + label() + " engine plays a run from its first episode");
        }
        return play(loaded, policy, episodes, seed, listener);
    }

    /** Trains {@code trainer} over the request's episodes, each learned episode handed to {@code listener}. */
    RunReport train(TrainRequest request, PpoTrainer trainer, TrainListener listener);

    /** The engine as {@code summary.json} names it. */
    String label();

    /** Whether users and BSs are actors (the actor engine's limits apply). */
    boolean actors();
}
