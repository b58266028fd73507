package org.edgegen.app;

import org.edgegen.config.LoadedScenario;
import org.edgegen.learn.PpoTrainer;
import org.edgegen.sim.NodeRuns;
import org.edgegen.sim.RunListener;
import org.edgegen.sim.RunRequest;
import org.edgegen.training.RunReport;
import org.edgegen.training.TrainListener;
import org.edgegen.training.TrainRequest;

/**
 * Plays on the cluster this node belongs to: the player of a cluster run, which lives on a {@code learner} node
 * and uses that node's actor system as a local run uses its own (the learner of a training run on this node).
 */
final class NodePlayer implements Player {

    /**
     * What {@code summary.json} says of a cluster run's engine: every cluster run is played this way, whether its
     * command follows it or was started with {@code --detach}.
     */
    static final String LABEL = "actors (cluster)";

    private final NodeRuns node;

    NodePlayer(NodeRuns node) {
        this.node = node;
    }

    @Override
    public RunReport play(LoadedScenario loaded, PolicyLineup.Entry policy, int episodes, long seed,
            RunListener listener) {
        return node.simulate(new RunRequest(loaded, policy.name(), episodes, seed), listener, policy.weights());
    }

    @Override
    public RunReport play(LoadedScenario loaded, PolicyLineup.Entry policy, int firstEpisode, int episodes,
            long seed, RunListener listener) {
        return node.simulate(new RunRequest(loaded, policy.name(), episodes, seed), listener, policy.weights(),
                firstEpisode);
    }

    @Override
    public RunReport train(TrainRequest request, PpoTrainer trainer, TrainListener listener) {
        return node.train(request, trainer, listener);
    }

    @Override
    public String label() {
        return LABEL;
    }

    @Override
    public boolean actors() {
        return true;
    }
}
