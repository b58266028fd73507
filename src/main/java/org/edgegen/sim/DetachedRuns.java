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

/**
 * A client's end of the cluster's detached runs ({@link RunManager}): hand a run over, list the runs, follow one
 * to its end, cancel one. Each call joins the cluster as a {@code client} node, asks, and leaves.
 */
public final class DetachedRuns {

    /** How long a client waits for the manager's answer (checking a run may load a checkpoint). */
    private static final Duration ANSWER = Duration.ofSeconds(60);
    /** How often a follower says it is still there (in case the manager moved to another node). */
    private static final Duration FOLLOW_AGAIN = Duration.ofSeconds(5);

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
        return Nodes.withClusterClient(cluster, system -> {
            ActorRef<RunManager.Command> manager = RunManager.init(system);
            BlockingQueue<RunManager.Update> updates = new LinkedBlockingQueue<>();
            ActorRef<RunManager.Update> follower = system.systemActorOf(Behaviors.receiveMessage(update -> {
                updates.add(update);
                return Behaviors.same();
            }), "follow-run", Props.empty());
            long lastHeardNanos = System.nanoTime();
            manager.tell(new RunManager.Follow(runId, follower));
            while (true) {
                RunManager.Update update;
                try {
                    update = updates.poll(FOLLOW_AGAIN.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while following run " + runId, e);
                }
                if (update == null) {
                    if (System.nanoTime() - lastHeardNanos > silence.toNanos()) {
                        throw new ActorSimulation.SimulationFailedException("lost contact with the cluster's run "
                                + "manager for " + silence.toSeconds() + " s; run " + runId + " may still be "
                                + "going: edgegen runs --cluster " + cluster + " lists it", null);
                    }
                    manager.tell(new RunManager.Follow(runId, follower));
                    continue;
                }
                lastHeardNanos = System.nanoTime();
                if (!update.known()) {
                    throw unknown(cluster, runId);
                }
                progress.accept(update.row());
                if (update.row().ended()) {
                    return update;
                }
            }
        });
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
