package org.edgegen.sim;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.edgegen.model.InputException;
import org.edgegen.model.slot.SlotRecord;
import org.edgegen.training.RunInterruptedException;
import org.edgegen.training.RunReport;

/**
 * The caller's end of a run: hands the coordinator's events to the run's listener, on one actor's thread, and completes
 * the run's future. It watches the coordinator it hears from; when that coordinator stops (its node was lost, or left),
 * the driver sends the run again to the coordinator singleton, which Akka restarts on another {@code learner} node: a
 * simulation goes on from its first undelivered episode (the loss of the driver's own node is the run manager's to
 * recover: every cluster run is its). Every such restart is counted ({@link RunReport#restarts()}), and so are the
 * episodes re-run. After {@code silenceSeconds} without any event the run fails instead of waiting forever.
 */
final class RunDriver {

    /** The message that sends the run again, from the first undelivered episode, after its coordinator was lost. */
    @FunctionalInterface
    interface Restart {
        SlotCoordinator.Command from(int nextEpisode, ActorRef<SlotCoordinator.RunEvent> driver);
    }

    /** The driver's timer tick. */
    private enum Silence implements SlotCoordinator.RunEvent { INSTANCE }

    private final ActorContext<SlotCoordinator.RunEvent> context;
    private final TimerScheduler<SlotCoordinator.RunEvent> timers;
    private final RunListener listener;
    private final CompletableFuture<RunReport> done;
    private final double silenceSeconds;
    private final ActorRef<SlotCoordinator.Command> coordinators;
    private final Restart restart;
    private final int endEpisode;
    /** The pieces of the episode arriving now; delivered only with the message that says it completed. */
    private final Chunks.Assembly pieces = new Chunks.Assembly();
    private int nextEpisode;
    private int furthestStarted;
    private RunReport survived = RunReport.CLEAN;
    private RunReport current = RunReport.CLEAN;
    private ActorRef<SlotCoordinator.Command> watched;
    private boolean recovering;

    private RunDriver(ActorContext<SlotCoordinator.RunEvent> context, TimerScheduler<SlotCoordinator.RunEvent> timers,
            RunListener listener, CompletableFuture<RunReport> done,
            double silenceSeconds, ActorRef<SlotCoordinator.Command> coordinators, Restart restart, int firstEpisode,
            int endEpisode) {
        this.context = context;
        this.timers = timers;
        this.listener = listener;
        this.done = done;
        this.silenceSeconds = silenceSeconds;
        this.coordinators = coordinators;
        this.restart = restart;
        this.nextEpisode = firstEpisode;
        this.furthestStarted = firstEpisode - 1;
        this.endEpisode = endEpisode;
    }

    /**
     * @param listener       told every completed episode of a simulation
     * @param coordinators   the coordinator singleton (its proxy), where a lost run is sent again; null: no recovery
     * @param restart        builds the message that sends the run again; null: a lost coordinator fails the run
     * @param firstEpisode   the first episode of the run
     * @param endEpisode     one past its last episode
     */
    static Behavior<SlotCoordinator.RunEvent> create(RunListener listener, CompletableFuture<RunReport> done,
            double silenceSeconds, ActorRef<SlotCoordinator.Command> coordinators, Restart restart, int firstEpisode,
            int endEpisode) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> new RunDriver(context, timers, listener,
                done, silenceSeconds, coordinators, restart, firstEpisode, endEpisode).behavior()));
    }

    private Behavior<SlotCoordinator.RunEvent> behavior() {
        armSilence();
        return Behaviors.receive(SlotCoordinator.RunEvent.class)
                .onMessage(SlotCoordinator.Started.class, this::onStarted)
                .onMessage(SlotCoordinator.Progress.class, progress -> {
                    armSilence();
                    current = progress.soFar() == null ? current : progress.soFar();
                    furthestStarted = Math.max(furthestStarted, progress.episode());
                    return Behaviors.same();
                })
                .onMessage(SlotCoordinator.SlotPart.class, piece -> {
                    armSilence();
                    pieces.add(piece);
                    return Behaviors.same();
                })
                .onMessage(SlotCoordinator.EpisodeCompleted.class, completed -> {
                    armSilence();
                    if (completed.episode() < nextEpisode) {
                        pieces.clear();
                        return Behaviors.same();
                    }
                    List<SlotRecord> slots;
                    try {
                        slots = pieces.take(completed.episode(), completed.attempt(), completed.pieces());
                    } catch (IllegalStateException e) {
                        return failed(e.getMessage());
                    }
                    return deliver(() -> listener.onEpisode(completed.episode(), slots), completed.episode());
                })
                .onMessage(SlotCoordinator.RunCompleted.class, completed -> {
                    done.complete(survived.plus(completed.report()));
                    return Behaviors.stopped();
                })
                .onMessage(SlotCoordinator.RunFailed.class, failed -> {
                    RunReport report = survived.plus(failed.report());
                    done.completeExceptionally(failed.userError()
                            ? new InputException(failed.message())
                            : new ActorSimulation.SimulationFailedException(failed.message(), report));
                    return Behaviors.stopped();
                })
                .onMessageEquals(Silence.INSTANCE, () -> {
                    done.completeExceptionally(new ActorSimulation.SimulationFailedException(String.format(
                            "lost contact with the slot coordinator: no progress for %.0f s (was the node with the "
                                    + "learner role lost?)", silenceSeconds),
                            survived.plus(current).plus(new RunReport(1, 0, 0))));
                    return Behaviors.stopped();
                })
                .onSignal(Terminated.class, this::onCoordinatorLost)
                .build();
    }

    private void armSilence() {
        timers.startSingleTimer(Silence.INSTANCE, Silence.INSTANCE, Duration.ofMillis(Math.round(silenceSeconds
                * 1000)));
    }

    private Behavior<SlotCoordinator.RunEvent> onStarted(SlotCoordinator.Started started) {
        armSilence();
        if (watched != null && !watched.equals(started.coordinator())) {
            context.unwatch(watched);
        }
        if (watched == null && !recovering && started.coordinator().path().address().hasGlobalScope()) {
            // which node coordinates
            context.getLog().info("the run is coordinated at {}", started.coordinator().path().address());
        }
        watched = started.coordinator();
        context.watch(watched);
        pieces.clear();
        if (recovering) {
            recovering = false;
            long rerun = Math.max(0, furthestStarted + 1 - started.firstEpisode());
            survived = survived.plus(new RunReport(0, rerun, 0, 0));
            context.getLog().warn("the run goes on at {} from episode {}: {} episode(s) re-run", started.coordinator()
                    .path().address(), started.firstEpisode(), rerun);
        }
        return Behaviors.same();
    }

    private Behavior<SlotCoordinator.RunEvent> failed(String message) {
        done.completeExceptionally(new ActorSimulation.SimulationFailedException(message, survived.plus(current)));
        return Behaviors.stopped();
    }

    private Behavior<SlotCoordinator.RunEvent> deliver(Runnable delivery, int episode) {
        try {
            delivery.run();
        } catch (RunInterruptedException e) {
            // the listener stops the run (a SIGINT or SIGTERM): it keeps what the run survived so far
            done.completeExceptionally(e.survived(survived.plus(current)));
            return Behaviors.stopped();
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
            return Behaviors.stopped();
        }
        nextEpisode = episode + 1;
        return Behaviors.same();
    }

    private Behavior<SlotCoordinator.RunEvent> onCoordinatorLost(Terminated terminated) {
        if (!terminated.getRef().equals(watched)) {
            return Behaviors.same();
        }
        watched = null;
        pieces.clear();
        if (restart == null || coordinators == null) {
            done.completeExceptionally(new ActorSimulation.SimulationFailedException("lost the slot coordinator at "
                    + terminated.getRef().path().address() + " (its node left the cluster)", survived.plus(current)));
            return Behaviors.stopped();
        }
        survived = survived.plus(current).plus(new RunReport(0, 0, 0, 1));
        current = RunReport.CLEAN;
        context.getLog().warn("fault: lost the slot coordinator at {} (its node left the cluster); the next "
                + "undelivered episode is {}; sending the run again to the coordinator singleton, which restarts on "
                + "another learner node", terminated.getRef().path().address(), nextEpisode);
        if (nextEpisode >= endEpisode) {
            done.complete(survived);
            return Behaviors.stopped();
        }
        recovering = true;
        armSilence();
        coordinators.tell(restart.from(nextEpisode, context.getSelf()));
        return Behaviors.same();
    }
}
