package org.edgegen.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.edgegen.app.Engine;
import org.edgegen.app.OsiWeights;
import org.edgegen.app.PolicyLineup;
import org.edgegen.config.LoadedScenario;
import org.edgegen.model.InputException;
import org.edgegen.model.SystemModel;
import org.edgegen.report.Comparison;
import org.edgegen.report.ComparisonRow;
import org.edgegen.report.RunMetrics;
import org.edgegen.report.TaskStats;
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
            ActorSimulation.clientConfig(cluster);
        }
        LoadedScenario loaded = scenario.load();
        SystemModel model = SystemModel.of(loaded.scenario());
        PolicyLineup lineup = PolicyLineup.of(loaded, names(),
                OsiWeights.fromCheckpoints(checkpoints == null ? List.of() : checkpoints, seed));
        PolicyLineup.Played<TaskStats> played;
        if (cluster == null) {
            played = lineup.play(policy -> measured(policy, model,
                    metrics -> Engine.DIRECT.play(loaded, policy, episodes, seed, metrics::addEpisode)));
        } else {
            LOG.info("evaluating on the cluster at {}", cluster);
            played = ActorSimulation.withClusterClient(cluster, system -> lineup.play(policy -> measured(policy,
                    model, metrics -> ActorSimulation.run(system, new RunRequest(loaded, policy.name(), episodes,
                            seed), metrics::addEpisode, policy.weights()))));
        }
        List<ComparisonRow> rows = new ArrayList<>();
        played.results().forEach((name, stats) -> rows.add(new ComparisonRow(name, stats)));
        List<String> notes = played.notes();
        Comparison comparison = new Comparison(loaded.scenario().name(), seed, episodes, rows, notes);
        comparison.write(out, loaded);

        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(comparison.render());
        stdout.println("  files                " + out + "/{" + Comparison.CONFIG + ", " + Comparison.CSV + "}");
        stdout.flush();
        return 0;
    }

    /** Plays one policy into fresh metrics and logs its mean cost. */
    private TaskStats measured(PolicyLineup.Entry policy, SystemModel model,
            java.util.function.Consumer<RunMetrics> episodesOf) {
        long startNanos = System.nanoTime();
        RunMetrics metrics = new RunMetrics(model.userCount());
        episodesOf.accept(metrics);
        LOG.info(String.format(Locale.ROOT, "%s: mean cost %.6f over %d tasks (%.1f s)", policy.name(),
                metrics.total().meanCost(), metrics.total().tasks(), (System.nanoTime() - startNanos) / 1e9));
        return metrics.total();
    }

    /** The requested policy names, or osi and every baseline; each at most once. */
    private List<String> names() {
        List<String> names = new ArrayList<>();
        if (policies == null || policies.isEmpty()) {
            names.addAll(PolicyLineup.ALL);
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
}
