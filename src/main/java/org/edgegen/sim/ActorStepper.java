package org.edgegen.sim;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Behaviors;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.edgegen.cluster.Nodes;
import org.edgegen.config.LoadedScenario;
import org.edgegen.model.InputException;
import org.edgegen.model.SystemModel;
import org.edgegen.model.slot.SlotRecord;
import org.edgegen.model.slot.SlotState;
import org.edgegen.policy.SteppedEpisode;
import org.edgegen.training.RunSpec;

/**
 * The actor engine one slot at a time, for a caller that chooses every agent's action itself (the gRPC bridge).
 * It holds its own one-node actor system (the coordinator singleton plays one run at a time), starts one stepped
 * run per episode ({@link SlotCoordinator.StartStepped}) and hands each slot's decisions to the coordinator, which
 * assigns them to the user devices through the base stations as it does a joint policy's; the users, BSs and
 * coordinator then play the slot by their usual messages. The observations the caller gets are built from the
 * loads the coordinator reports after each slot, the same inputs the user devices observe. Not thread-safe: one
 * caller at a time.
 */
public final class ActorStepper extends SteppedEpisode {

    /** What the caller waits for one slot at most, beyond the episode's attempts of the slot timeout. */
    private static final double GRACE_SECONDS = 30;

    private final LoadedScenario loaded;
    private final ActorSystem<Void> system;
    private final RunContexts runs;
    private final ActorRef<SlotCoordinator.Command> coordinator;
    private final BlockingQueue<SlotCoordinator.RunEvent> events = new LinkedBlockingQueue<>();
    private final ActorRef<SlotCoordinator.RunEvent> listener;
    private RunSpec spec;

    private ActorStepper(LoadedScenario loaded, long seed) {
        super(SystemModel.of(loaded.scenario()), seed);
        this.loaded = loaded;
        this.system = ActorSystem.create(Behaviors.empty(), Nodes.SYSTEM_NAME, Nodes.localConfig());
        try {
            this.runs = RunContexts.get(system);
            this.coordinator = ActorSimulation.startNode(system, runs);
            this.listener = system.systemActorOf(queueing(events), "stepper-events", Props.empty());
        } catch (RuntimeException e) {
            system.terminate();
            throw e;
        }
    }

    /** Starts an actor system for the scenario and seed; {@link #close()} terminates it. */
    public static ActorStepper start(LoadedScenario loaded, long seed) {
        return new ActorStepper(loaded, seed);
    }

    private static Behavior<SlotCoordinator.RunEvent> queueing(BlockingQueue<SlotCoordinator.RunEvent> sink) {
        return Behaviors.receive(SlotCoordinator.RunEvent.class)
                .onAnyMessage(event -> {
                    sink.add(event);
                    return Behaviors.same();
                })
                .build();
    }

    @Override
    public void reset(int newEpisode) {
        super.reset(newEpisode);
        forgetRun();
        spec = new RunSpec(UUID.randomUUID().toString(), loaded.renderHocon(), seed, RunContext.EXTERNAL);
        runs.of(spec);
        events.clear();
        coordinator.tell(new SlotCoordinator.StartStepped(spec, episode(), loaded.sim().slotTimeoutSeconds(),
                loaded.sim().maxEpisodeAttempts(), listener));
    }

    /**
     * Has the actors play the current slot with one flattened action index per user and waits for it.
     *
     * @throws InputException        for the wrong number of actions, an index outside the action space, or a step
     *                               outside an episode
     * @throws IllegalStateException when the run failed (every attempt of the episode timed out)
     */
    @Override
    public SlotRecord step(int[] actions) {
        var decisions = decisions(actions);
        coordinator.tell(new SlotCoordinator.PlaySlot(episode(), slot(), List.of(decisions)));
        SlotCoordinator.SlotPlayed played = awaitSlot();
        return advance(new SlotRecord(episode(), slot(), played.outcomes(), played.meanCost()),
                new SlotState(played.userBacklogsSeconds(), played.bsBacklogsImageSteps(), played.lastArrivals()));
    }

    private SlotCoordinator.SlotPlayed awaitSlot() {
        // the first slot of an episode waits for its set-up too, whose timeout grows with the entities
        double phaseSeconds = Math.max(loaded.sim().slotTimeoutSeconds(), SlotCoordinator.setupTimeoutSeconds(
                loaded.sim().slotTimeoutSeconds(), loaded.scenario().userCount(), loaded.scenario().cellCount()));
        double waitSeconds = phaseSeconds * loaded.sim().maxEpisodeAttempts() + GRACE_SECONDS;
        long deadline = System.nanoTime() + Math.round(waitSeconds * 1e9);
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                SlotCoordinator.RunEvent event = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
                if (event == null) {
                    throw new IllegalStateException("the actors did not play slot " + slot() + " of episode " + episode()
                            + " within " + Math.round(waitSeconds) + " s");
                }
                if (event instanceof SlotCoordinator.SlotPlayed played && played.episode() == episode()
                        && played.slot() == slot()) {
                    return played;
                }
                if (event instanceof SlotCoordinator.RunFailed failed) {
                    throw new IllegalStateException("the actors could not play episode " + episode() + ": "
                            + failed.message());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the actors played slot " + slot(), e);
        }
    }

    private void forgetRun() {
        if (spec != null) {
            runs.forget(spec.runId());
            spec = null;
        }
    }

    /** Terminates the actor system. */
    @Override
    public void close() {
        forgetRun();
        Nodes.terminate(system);
    }
}
