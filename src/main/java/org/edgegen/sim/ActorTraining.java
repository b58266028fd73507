package org.edgegen.sim;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.edgegen.cluster.Nodes;
import org.edgegen.policy.neural.NeuralPolicy;
import org.edgegen.training.PolicyTrainer;
import org.edgegen.training.RunReport;
import org.edgegen.training.RunSpec;
import org.edgegen.training.TrainListener;
import org.edgegen.training.TrainRequest;

/**
 * Trains the OSI policy with centralised training and decentralised execution: every user actor samples its own
 * copy of the policy and records its decisions; after each episode the {@link Learner} updates the shared weights
 * and installs them on every node before the next episode starts.
 */
public final class ActorTraining {

    private ActorTraining() {}

    /** Trains in a fresh one-node actor system, blocking until the last episode has been learned from. */
    public static RunReport train(TrainRequest request, PolicyTrainer trainer, TrainListener listener) {
        ActorSimulation.validate(request.scenario(), request.episodes());
        return Nodes.withLocalSystem(system -> train(system, request, trainer, listener));
    }

    /** Trains on an existing actor system. */
    public static RunReport train(ActorSystem<?> system, TrainRequest request, PolicyTrainer trainer,
            TrainListener listener) {
        ActorSimulation.validate(request.scenario(), request.episodes());
        RunContexts runs = RunContexts.get(system);
        RunSpec spec = new RunSpec(UUID.randomUUID().toString(), request.scenario().renderHocon(), request.seed(),
                NeuralPolicy.NAME, true);
        runs.of(spec);
        ActorRef<SlotCoordinator.Command> coordinator = ActorSimulation.startNode(system, runs);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        ActorRef<Learner.Command> learner = system.systemActorOf(
                Learner.create(spec, trainer, listener, failure::set), "learner-" + spec.runId(), Props.empty());
        CompletableFuture<RunReport> done = new CompletableFuture<>();
        ActorRef<SlotCoordinator.RunEvent> events = system.systemActorOf(
                ActorSimulation.forwarder((episode, slots) -> { }, done,
                        ActorSimulation.silenceSeconds(request.scenario(), true)),
                "run-" + spec.runId(), Props.empty());
        coordinator.tell(new SlotCoordinator.StartTraining(spec, request.firstEpisode(), request.episodes(),
                request.scenario().sim().slotTimeoutSeconds(), request.scenario().sim().maxEpisodeAttempts(), events,
                learner));
        try {
            return ActorSimulation.await(system, done, runs, spec, coordinator);
        } catch (ActorSimulation.SimulationFailedException failed) {
            // the trainer's or listener's own exception (e.g. a checkpoint that cannot be written) says more
            throw failure.get() != null ? failure.get() : failed;
        } finally {
            learner.tell(Learner.Stop.INSTANCE);
        }
    }
}
