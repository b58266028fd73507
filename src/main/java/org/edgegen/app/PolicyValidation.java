package org.edgegen.app;

import org.edgegen.config.LoadedScenario;
import org.edgegen.model.SystemModel;
import org.edgegen.policy.EpisodeLoop;
import org.edgegen.policy.JointPolicy;
import org.edgegen.policy.neural.PolicySnapshot;
import org.edgegen.report.RunMetrics;
import org.edgegen.report.TaskStats;

/**
 * Plays a policy snapshot as {@code evaluate} does ({@link PolicyLineup#osi}: greedy, or sampling with
 * {@code learner.execution = sample}, from the validation seed's own policy streams) on episodes 0..E-1 of a
 * validation seed, with the single-threaded loop. It reads only the snapshot and draws no random number of the
 * training run, so validating does not change what is learned.
 */
final class PolicyValidation {

    private final LoadedScenario loaded;
    private final SystemModel model;
    private final EpisodeLoop loop;
    private final long seed;
    private final int episodes;

    PolicyValidation(LoadedScenario loaded, long seed, int episodes) {
        this.loaded = loaded;
        this.model = SystemModel.of(loaded.scenario());
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
        JointPolicy policy = PolicyLineup.osi(loaded, snapshot);
        RunMetrics metrics = new RunMetrics(model.userCount());
        for (int episode = 0; episode < episodes; episode++) {
            metrics.addEpisode(episode, loop.play(policy, seed, episode));
        }
        return metrics.total();
    }
}
