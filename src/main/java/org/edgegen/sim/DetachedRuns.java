package org.edgegen.sim;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.edgegen.cluster.Nodes;
import org.edgegen.model.InputException;
import org.edgegen.training.StopRequest;

/**
 * A client's end of the cluster's runs ({@link RunManager}): hand a run over (and follow it), list the runs, follow
 * one to its end, cancel one. Each call joins the cluster as a {@code client} node, asks, and leaves.
 */
public final class DetachedRuns {

    /** How long a client waits for the manager's answer (checking a run may load a checkpoint). */
    private static final Duration ANSWER = Duration.ofSeconds(60);
    /** How often a follower says it is still there (in case the manager moved to another node). */
    private static final Duration FOLLOW_AGAIN = Duration.ofSeconds(5);
    /** How often a follower that may be stopped by a signal looks whether it was. */
    private static final Duration STOP_POLL = Duration.ofMillis(200);

    private DetachedRuns() {}

    /** Hands the job to the cluster at {@code cluster} and returns its run id; a refused job is an InputException. */
    public static String submit(String cluster, RunJob job) {
        RunManager.Submitted answer = ask(cluster, replyTo -> new RunManager.Submit(job, replyTo));
        if (!answer.refusal().isEmpty()) {
            throw new InputException(answer.refusal());
        }
        return answer.runId();
    }

    /** The runs the cluster knows, oldest first. */
    public static List<RunManager.Row> list(String cluster) {
        RunManager.Listing listing = ask(cluster, RunManager.ListRuns::new);
        return listing.rows();
    }

    /** Cancels the run; an unknown id is an InputException. Returns what happens to the run. */
    public static String cancel(String cluster, String runId) {
        RunManager.CancelAnswer answer = ask(cluster, replyTo -> new RunManager.Cancel(runId, replyTo));
        if (!answer.known()) {
            throw unknown(cluster, runId);
        }
        return answer.message();
    }

    /**
     * Follows the run until it ends, telling {@code progress} every state it hears, and returns the last. An unknown
     * id is an InputException; a manager silent for {@code silence} fails the follow (the run itself goes on).
     */
    public static RunManager.Update follow(String cluster, String runId, Duration silence,
            Consumer<RunManager.Row> progress) {
        return Nodes.withClusterClient(cluster, system -> follow(system, cluster, runId, silence, progress,
                StopRequest.NEVER));
    }

    /**
     * What {@code simulate} and {@code train} with {@code --cluster} do, in one visit to the cluster: hand the job
     * over, tell {@code submitted} its run id, then follow it as {@link #follow} does. Once {@code stop} is
     * requested (a signal to this command) the manager is asked to stop the run at its next whole result as an
     * interrupted one, with the request's exit code, and the run is followed on to its end. A refused job is an
     * InputException.
     */
    public static RunManager.Update submitAndFollow(String cluster, RunJob job, Consumer<String> submitted,
            Duration silence, Consumer<RunManager.Row> progress, StopRequest stop) {
        return Nodes.withClusterClient(cluster, system -> {
            RunManager.Submitted answer = ask(system, replyTo -> new RunManager.Submit(job, replyTo));
            if (!answer.refusal().isEmpty()) {
                throw new InputException(answer.refusal());
            }
            submitted.accept(answer.runId());
            return follow(system, cluster, answer.runId(), silence, progress, stop);
        });
    }

    private static RunManager.Update follow(ActorSystem<?> system, String cluster, String runId, Duration silence,
            Consumer<RunManager.Row> progress, StopRequest stop) {
        ActorRef<RunManager.Command> manager = RunManager.init(system);
        BlockingQueue<RunManager.Update> updates = new LinkedBlockingQueue<>();
        ActorRef<RunManager.Update> follower = system.systemActorOf(Behaviors.receiveMessage(update -> {
            updates.add(update);
            return Behaviors.same();
        }), "follow-run-" + runId, Props.empty());
        long lastHeardNanos = System.nanoTime();
        long lastAskedNanos = lastHeardNanos;
        boolean interrupting = false;
        manager.tell(new RunManager.Follow(runId, follower));
        while (true) {
            RunManager.Update update;
            try {
                // short waits while a stop may come, so that it reaches the manager within a moment
                update = updates.poll(stop == StopRequest.NEVER ? FOLLOW_AGAIN.toMillis() : STOP_POLL.toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while following run " + runId, e);
            }
            long now = System.nanoTime();
            if (stop.requested() && !interrupting) {
                interrupting = true;
                manager.tell(new RunManager.Interrupt(runId, stop.signal().orElse("INT"), stop.exitCode()));
            }
            if (update == null) {
                if (now - lastHeardNanos > silence.toNanos()) {
                    throw new ActorSimulation.SimulationFailedException("lost contact with the cluster's run "
                            + "manager for " + silence.toSeconds() + " s; run " + runId + " may still be "
                            + "going: edgegen runs --cluster " + cluster + " lists it", null);
                }
                if (now - lastAskedNanos >= FOLLOW_AGAIN.toNanos()) {
                    lastAskedNanos = now;
                    manager.tell(new RunManager.Follow(runId, follower));
                    if (interrupting) {
                        // the manager may have moved to another node since, and a new one knows of no stop
                        manager.tell(new RunManager.Interrupt(runId, stop.signal().orElse("INT"),
                                stop.exitCode()));
                    }
                }
                continue;
            }
            lastHeardNanos = now;
            if (!update.known()) {
                throw unknown(cluster, runId);
            }
            progress.accept(update.row());
            if (update.row().ended()) {
                return update;
            }
        }
    }

    private static InputException unknown(String cluster, String runId) {
        return new InputException("the cluster at " + cluster + " has no run '" + runId + "'; edgegen runs "
                + "--cluster " + cluster + " lists its runs");
    }

    private static <T> T ask(String cluster, Function<ActorRef<T>, RunManager.Command> message) {
        return Nodes.withClusterClient(cluster, system -> ask(system, message));
    }

    private static <T> T ask(ActorSystem<?> system, Function<ActorRef<T>, RunManager.Command> message) {
        ActorRef<RunManager.Command> manager = RunManager.init(system);
        try {
            return AskPattern.<RunManager.Command, T>ask(manager, message::apply, ANSWER, system.scheduler())
                    .toCompletableFuture().get(ANSWER.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the cluster's run manager", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new ActorSimulation.SimulationFailedException("the cluster's run manager did not answer within "
                    + ANSWER.toSeconds() + " s: is a learner node up (scripts/start-cluster.sh)?", null);
        }
    }
}
