package org.edgegen.cli;

import org.edgegen.model.SystemModel;
import org.edgegen.policy.DecentralisedPolicy;
import org.edgegen.policy.EpisodeLoop;
import org.edgegen.policy.ObservationBuilder;
import org.edgegen.policy.neural.NeuralPolicy;
import org.edgegen.policy.neural.PolicySnapshot;
import org.edgegen.report.RunMetrics;
import org.edgegen.report.TaskStats;

/**
 * Plays a policy snapshot as {@code evaluate} does (greedy, or sampling with {@code learner.execution = sample},
 * from the validation seed's own policy streams) on episodes 0..E-1 of a validation seed, with the single-threaded
 * loop. It reads only the snapshot and draws no random number of the training run, so validating does not change
 * what is learned.
 */
final class PolicyValidation {

    private final SystemModel model;
    private final ObservationBuilder observations;
    private final EpisodeLoop loop;
    private final long seed;
    private final int episodes;

    private final boolean sample;

    PolicyValidation(SystemModel model, long seed, int episodes, boolean sample) {
        this.sample = sample;
        this.model = model;
        this.observations = new ObservationBuilder(model);
        this.loop = new EpisodeLoop(model);
        this.seed = seed;
        this.episodes = episodes;
    }

    long seed() {
        return seed;
    }

    int episodes() {
        return episodes;
    }

    /** The task statistics of the snapshot's play over the validation episodes. */
    TaskStats run(PolicySnapshot snapshot) {
        DecentralisedPolicy policy = new DecentralisedPolicy(
                NeuralPolicy.played(snapshot, observations.actionSpace(), sample), observations);
        RunMetrics metrics = new RunMetrics(model.userCount());
        for (int episode = 0; episode < episodes; episode++) {
            metrics.addEpisode(episode, loop.play(policy, seed, episode));
        }
        return metrics.total();
    }
}
