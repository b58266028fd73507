package org.edgegen.cli;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.edgegen.app.DetachedRunHost;
import org.edgegen.cluster.Roles;
import org.edgegen.cluster.WireTraffic;
import org.edgegen.config.ConfigurationException;
import org.edgegen.config.InputFile;
import org.edgegen.model.InputException;
import org.edgegen.sim.ActorSimulation;
import org.edgegen.sim.RunContexts;
import org.edgegen.sim.RunManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edgegen node}: one member of an EdgeGen cluster, running until it is stopped. */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Start one cluster member with the roles, port and seed nodes of a node config "
                + "(e.g. cluster/node1.conf); it runs until stopped (SIGTERM leaves the cluster gracefully).")
final class NodeCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(NodeCommand.class);
    private static final String PORT = "akka.remote.artery.canonical.port";
    private static final String HOST = "akka.remote.artery.canonical.hostname";
    private static final Set<String> NODE_ROLES = Set.of(Roles.LEARNER, Roles.EDGE, Roles.USERS);

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "Node config (HOCON).")
    Path config;

    @Override
    public Integer call() {
        Config node = load(config);
        ActorSystem<Void> system = start(node, config);
        RunContexts runs = RunContexts.get(system);
        if (node.getStringList("akka.cluster.roles").contains(Roles.LEARNER)) {
            // the run manager singleton plays the cluster's runs on this node (a training's learner too) and writes
            // their files here
            runs.hostRuns(new DetachedRunHost());
        }
        ActorSimulation.startNode(system, runs);
        RunManager.init(system);
        akka.cluster.Cluster classic = akka.cluster.Cluster.get(Adapter.toClassic(system));
        classic.registerOnMemberUp(() -> LOG.info("node {} is Up with roles {}", classic.selfAddress(),
                classic.getSelfRoles()));
        WireTraffic.logEvery(system, Duration.ofSeconds(10));
        system.getWhenTerminated().toCompletableFuture().join();
        return 0;
    }

    /** Starts the node's actor system; a port another process holds is a user error. */
    private static ActorSystem<Void> start(Config node, Path file) {
        // Try the port first, so a taken one is told in one line before Akka logs its bind failure with a trace
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(node.getString(HOST), node.getInt(PORT)));
        } catch (BindException e) {
            throw inUse(node, file);
        } catch (IOException e) {
            // not a bind conflict: let Akka report it
        }
        try {
            return ActorSystem.create(Behaviors.empty(), "edgegen", node);
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BindException) {
                    throw inUse(node, file);
                }
            }
            throw e;
        }
    }

    private static InputException inUse(Config node, Path file) {
        return new InputException("node config " + file + ": port " + node.getInt(PORT) + " on "
                + node.getString(HOST) + " is in use; stop what holds it or set another " + PORT
                + " (allowed 1..65535)");
    }

    /** The node config on top of EdgeGen's Akka defaults, checked for what a node needs. */
    static Config load(Path file) {
        try {
            InputFile.requireReadable(file, "node config");
        } catch (ConfigurationException e) {
            throw new InputException(e.getMessage());
        }
        Config config;
        try {
            config = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false))
                    .withFallback(ConfigFactory.load()).resolve();
        } catch (ConfigException e) {
            throw new InputException("node config " + file + ": " + e.getMessage().replaceAll("\\s*\\R\\s*", " "));
        }
        List<String> roles = config.getStringList("akka.cluster.roles");
        if (roles.isEmpty() || !NODE_ROLES.containsAll(roles)) {
            throw new InputException("node config " + file + ": akka.cluster.roles = " + roles
                    + " must be a non-empty subset of " + NODE_ROLES);
        }
        if (config.getStringList("akka.cluster.seed-nodes").isEmpty()) {
            throw new InputException("node config " + file + ": akka.cluster.seed-nodes is empty; list the first "
                    + "node, e.g. [\"akka://edgegen@127.0.0.1:25521\"]");
        }
        requirePort(config, file);
        return config;
    }

    private static void requirePort(Config config, Path file) {
        String shown = config.hasPath(PORT) ? config.getValue(PORT).render() : "(missing)";
        int port;
        try {
            port = config.getInt(PORT);
        } catch (ConfigException e) {
            throw new InputException("node config " + file + ": " + PORT + " = " + shown
                    + " is not a port number: allowed an integer 1..65535");
        }
        if (port < 1 || port > 65535) {
            throw new InputException("node config " + file + ": " + PORT + " = " + port
                    + " is out of range: allowed 1..65535");
        }
    }
}
