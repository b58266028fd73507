package org.edgegen.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.ClusterSingleton;
import akka.cluster.typed.ClusterSingletonSettings;
import akka.cluster.typed.Join;
import akka.cluster.typed.SingletonActor;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.edgegen.model.InputException;

/**
 * Starts and joins EdgeGen nodes: the configuration of a local one-node cluster and of a client node, an actor
 * system's life around a piece of work, joining the cluster, and setting up a cluster singleton. It knows no actor of
 * {@code sim}: {@code sim} hands it the behaviours to run, so the layers point from {@code sim} down to here.
 */
public final class Nodes {

    /** The name of every EdgeGen actor system: nodes of one cluster must share it. */
    public static final String SYSTEM_NAME = "edgegen";

    private static final int MEMBER_UP_SECONDS = 30;

    private Nodes() {}

    /** The configuration of a single-JVM run: a one-node cluster with every role, on a free loopback port. */
    public static Config localConfig() {
        return ConfigFactory.parseString("""
                akka.remote.artery.canonical.hostname = "127.0.0.1"
                akka.remote.artery.canonical.port = 0
                akka.cluster.jmx.multi-mbeans-in-same-jvm = on
                akka.cluster.roles = [learner, edge, users]
                """).withFallback(ConfigFactory.load());
    }

    /** The configuration of a client node that joins the cluster at {@code seedHostPort}. */
    public static Config clientConfig(String seedHostPort) {
        if (!seedHostPort.matches("[A-Za-z0-9.\\-]+:\\d{1,5}")) {
            throw new InputException("--cluster '" + seedHostPort + "' is not HOST:PORT (e.g. 127.0.0.1:25521)");
        }
        int port = Integer.parseInt(seedHostPort.substring(seedHostPort.lastIndexOf(':') + 1));
        if (port < 1 || port > 65535) {
            throw new InputException("--cluster '" + seedHostPort + "': port " + port
                    + " is out of range: allowed 1..65535");
        }
        // stdout-loglevel: Akka's fallback logger while the client shuts down would print on stdout, which carries
        // only the command's output; the run's own warnings go through SLF4J to stderr as usual
        return ConfigFactory.parseString("akka.cluster.roles = [" + Roles.CLIENT + "]\n"
                + "akka.stdout-loglevel = OFF\n"
                + "akka.cluster.seed-nodes = [\"akka://" + SYSTEM_NAME + "@" + seedHostPort + "\"]")
                .withFallback(localConfig());
    }

    /** Runs {@code body} on a fresh one-node actor system, terminating it afterwards. */
    public static <T> T withLocalSystem(Function<ActorSystem<Void>, T> body) {
        return withSystem(localConfig(), body);
    }

    /**
     * Joins the cluster at {@code seedHostPort} as a {@code client} node, runs {@code body} on it (which may play
     * several runs), then leaves.
     */
    public static <T> T withClusterClient(String seedHostPort, Function<ActorSystem<Void>, T> body) {
        return withSystem(clientConfig(seedHostPort), system -> {
            awaitMemberUp(system, seedHostPort);
            return body.apply(system);
        });
    }

    private static <T> T withSystem(Config config, Function<ActorSystem<Void>, T> body) {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), SYSTEM_NAME, config);
        try {
            return body.apply(system);
        } finally {
            terminate(system);
        }
    }

    /**
     * Terminates an actor system and waits up to 30 s for it. Whatever it was running has delivered its results by
     * then; a slow shutdown changes none of them.
     */
    public static void terminate(ActorSystem<?> system) {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // nothing is left to deliver
        }
    }

    /** Blocks until this node is Up in its cluster, or fails with a message naming the seed. */
    public static void awaitMemberUp(ActorSystem<?> system, String seed) {
        CompletableFuture<Void> up = new CompletableFuture<>();
        akka.cluster.Cluster.get(Adapter.toClassic(system)).registerOnMemberUp(() -> up.complete(null));
        try {
            up.get(MEMBER_UP_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while joining the cluster", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new InputException("could not join the cluster at " + seed + " within " + MEMBER_UP_SECONDS
                    + " s: is a node listening there (scripts/start-cluster.sh)?");
        }
    }

    /**
     * Makes a system without seed nodes that is not a cluster member yet join itself (local mode); one that already
     * is a member, or has seed nodes to join (cluster mode), is not affected.
     */
    public static void joinSelfIfAlone(ActorSystem<?> system) {
        Cluster cluster = Cluster.get(system);
        if (system.settings().config().getStringList("akka.cluster.seed-nodes").isEmpty()
                && cluster.selfMember().status() == MemberStatus.removed()) {
            cluster.manager().tell(Join.create(cluster.selfMember().address()));
        }
    }

    /**
     * Sets up a cluster singleton hosted by the oldest node with {@code role} and returns its proxy; idempotent
     * (a second call returns the same proxy).
     */
    public static <M> ActorRef<M> singleton(ActorSystem<?> system, Behavior<M> behavior, String name, String role) {
        return ClusterSingleton.get(system)
                .init(SingletonActor.of(behavior, name)
                        .withSettings(ClusterSingletonSettings.create(system).withRole(role)));
    }
}
