package org.edgegen.sim;

import akka.actor.typed.ActorSystem;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import java.util.Optional;
import org.edgegen.policy.neural.PolicySnapshot;
import org.edgegen.training.PolicyTrainer;
import org.edgegen.training.RunReport;
import org.edgegen.training.TrainListener;
import org.edgegen.training.TrainRequest;

/**
 * The runs a cluster node plays on its own actor system, as a local run plays on its one-node system: what a
 * detached run's host ({@link RunHost}) plays with, without holding an actor system itself.
 */
public final class NodeRuns {

    private final ActorSystem<?> system;

    NodeRuns(ActorSystem<?> system) {
        this.system = system;
    }

    /** Plays the request on the cluster, blocking until it ends (see {@link ActorSimulation#run}). */
    public RunReport simulate(RunRequest request, RunListener listener, Optional<PolicySnapshot> policy) {
        return ActorSimulation.run(system, request, listener, policy);
    }

    /** The same from episode {@code firstEpisode} on (see {@link ActorSimulation#run}). */
    public RunReport simulate(RunRequest request, RunListener listener, Optional<PolicySnapshot> policy,
            int firstEpisode) {
        return ActorSimulation.run(system, request, listener, policy, firstEpisode);
    }

    /**
     * Whether this node is still a member of its cluster: a run whose node is gone (left, downed, or its actor system
     * terminated) leaves what it staged for the node that goes on with it.
     */
    public boolean alive() {
        return !system.whenTerminated().isCompleted()
                && Cluster.get(system).selfMember().status() == MemberStatus.up();
    }

    /** Trains on the cluster with a learner on this node, blocking until the last episode is learned from. */
    public RunReport train(TrainRequest request, PolicyTrainer trainer, TrainListener listener) {
        ActorSimulation.validate(request.scenario(), request.episodes());
        return ActorTraining.train(system, request, trainer, listener);
    }
}
