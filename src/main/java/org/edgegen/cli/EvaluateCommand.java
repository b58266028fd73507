package org.edgegen.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.edgegen.cluster.Nodes;
import org.edgegen.config.LoadedScenario;
import org.edgegen.model.InputException;
import org.edgegen.model.SystemModel;
import org.edgegen.policy.DecentralisedPolicy;
import org.edgegen.policy.EpisodeLoop;
import org.edgegen.policy.JointPolicy;
import org.edgegen.policy.PolicyCatalog;
import org.edgegen.policy.baseline.OptLimitException;
import org.edgegen.policy.neural.NeuralPolicy;
import org.edgegen.policy.neural.PolicySnapshot;
import org.edgegen.report.Comparison;
import org.edgegen.report.ComparisonRow;
import org.edgegen.report.RunMetrics;
import org.edgegen.sim.ActorSimulation;
import org.edgegen.sim.RunRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgegen evaluate}: plays the same episodes with the trained OSI policy (greedy actions) and with every
 * baseline, and compares them. Uses the single-threaded loop, which gives exactly the actors' numbers.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Play E episodes of seed S with the trained OSI policy (greedy) and every baseline; write "
                + "config.conf and comparison.csv into DIR and print a table sorted by mean cost.")
final class EvaluateCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluateCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    ScenarioOptions scenario;

    @Option(names = "--checkpoint", split = ",", paramLabel = "DIR",
            description = "The trained policy: a train run's directory (its checkpoints/latest) or a checkpoint "
                    + "directory. Needed when osi is evaluated. Several, comma-separated, must be checkpoints/best "
                    + "of runs validated alike (train --validation-seed): the one with the lowest validation cost "
                    + "is played.")
    List<Path> checkpoints;

    @Option(names = "--episodes", required = true, paramLabel = "E", description = "Episodes per policy (>= 1).")
    int episodes;

    @Option(names = "--seed", required = true, paramLabel = "S",
            description = "Seed of the evaluation episodes; use one not used in training.")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output directory; created if missing, config.conf and comparison.csv in it are replaced.")
    Path out;

    @Option(names = "--policies", split = ",", paramLabel = "LIST",
            description = "Policies to compare, comma-separated; default: osi and every baseline ("
                    + "opt is skipped with a note when the scenario is too large for it).")
    List<String> policies;

    @Option(names = "--cluster", paramLabel = "HOST:PORT",
            description = "Play every policy on a running EdgeGen cluster (scripts/start-cluster.sh) through this "
                    + "seed node, with every user and base station an actor there; same numbers as without.")
    String cluster;

    @Override
    public Integer call() throws Exception {
        if (episodes < 1) {
            throw new InputException("--episodes " + episodes + " is out of range: allowed >= 1");
        }
        if (cluster != null) {
            Nodes.clientConfig(cluster);
        }
        LoadedScenario loaded = scenario.load();
        SystemModel model = SystemModel.of(loaded.scenario());
        PolicyCatalog catalog = new PolicyCatalog(model);
        Map<String, JointPolicy> joint = new LinkedHashMap<>();
        Optional<PolicySnapshot> osi = Optional.empty();
        for (String name : names()) {
            if (name.equals(NeuralPolicy.NAME)) {
                osi = Optional.of(TrainedPolicy.load(checkpoint(), model, loaded, seed, "evaluating"));
                joint.put(name, new DecentralisedPolicy(NeuralPolicy.played(osi.get(),
                        catalog.observations().actionSpace(), loaded.learner().samplesWhenPlayed()),
                        catalog.observations()));
            } else {
                joint.put(name, catalog.require(name));
            }
        }

        List<ComparisonRow> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (cluster == null) {
            EpisodeLoop loop = new EpisodeLoop(model);
            for (Map.Entry<String, JointPolicy> policy : joint.entrySet()) {
                play(policy.getKey(), model, rows, notes, metrics -> {
                    for (int episode = 0; episode < episodes; episode++) {
                        metrics.addEpisode(episode, loop.play(policy.getValue(), seed, episode));
                    }
                });
            }
        } else {
            Optional<PolicySnapshot> weights = osi;
            LOG.info("evaluating on the cluster at {}", cluster);
            Nodes.withClusterClient(cluster, system -> {
                for (String name : joint.keySet()) {
                    play(name, model, rows, notes, metrics -> {
                        try {
                            ActorSimulation.run(system, new RunRequest(loaded, name, episodes, seed),
                                    metrics::addEpisode, name.equals(NeuralPolicy.NAME) ? weights : Optional.empty());
                        } catch (InputException e) {
                            // the actors report Opt's limit as the run's user error, with the same message
                            if (name.equals(OPT)) {
                                throw new OptLimitException(e.getMessage());
                            }
                            throw e;
                        }
                    });
                }
                return null;
            });
        }
        Comparison comparison = new Comparison(loaded.scenario().name(), seed, episodes, rows, notes);
        comparison.write(out, loaded);

        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(comparison.render());
        stdout.println("  files                " + out + "/{" + Comparison.CONFIG + ", " + Comparison.CSV + "}");
        stdout.flush();
        return 0;
    }

    private static final String OPT = "opt";

    /** Plays one policy into fresh metrics and adds its row, or a note when Opt is beyond its limit. */
    private void play(String name, SystemModel model, List<ComparisonRow> rows, List<String> notes,
            java.util.function.Consumer<RunMetrics> episodesOf) {
        long startNanos = System.nanoTime();
        RunMetrics metrics = new RunMetrics(model.userCount());
        try {
            episodesOf.accept(metrics);
        } catch (OptLimitException e) {
            LOG.warn("{} skipped: {}", name, e.getMessage());
            notes.add(name + " skipped: " + e.getMessage());
            return;
        }
        rows.add(new ComparisonRow(name, metrics.total()));
        LOG.info(String.format(Locale.ROOT, "%s: mean cost %.6f over %d tasks (%.1f s)", name,
                metrics.total().meanCost(), metrics.total().tasks(), (System.nanoTime() - startNanos) / 1e9));
    }

    /** The requested policy names, or osi and every baseline; each at most once. */
    private List<String> names() {
        List<String> names = new ArrayList<>();
        if (policies == null || policies.isEmpty()) {
            names.add(NeuralPolicy.NAME);
            names.addAll(PolicyCatalog.NAMES);
        } else {
            for (String name : policies) {
                String trimmed = name.strip();
                if (!trimmed.isEmpty() && !names.contains(trimmed)) {
                    names.add(trimmed);
                }
            }
            if (names.isEmpty()) {
                throw new InputException("--policies names no policy");
            }
        }
        return names;
    }

    /** The checkpoint to play: the one given, or of several validated ones the best on validation. */
    private Path checkpoint() {
        return checkpoints == null || checkpoints.isEmpty() ? null
                : checkpoints.size() == 1 ? checkpoints.get(0) : TrainedPolicy.bestValidated(checkpoints);
    }
}
