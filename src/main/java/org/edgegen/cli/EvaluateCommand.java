package org.edgegen.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.edgegen.app.Evaluation;
import org.edgegen.app.OsiWeights;
import org.edgegen.app.PolicyLineup;
import org.edgegen.cluster.Nodes;
import org.edgegen.config.LoadedScenario;
import org.edgegen.model.InputException;
import org.edgegen.report.Comparison;
import org.edgegen.report.OutputDirectory;
import org.edgegen.report.StagedOutput;
import org.edgegen.sim.ActorSimulation;
import org.edgegen.training.RunInterruptedException;
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
        OutputDirectory.prepare(out, "--out"); // before the episodes: a bad --out is told at once
        PolicyLineup lineup = PolicyLineup.of(loaded, names(),
                OsiWeights.fromCheckpoints(checkpoints == null ? List.of() : checkpoints, seed));
        Comparison comparison;
        try {
            comparison = Evaluation.compare(loaded, lineup, episodes, seed, Optional.ofNullable(cluster),
                    Signals.stopRequest());
        } catch (RunInterruptedException e) {
            throw e.nothingKept("--out " + out + " is left as it was");
        }
        // written beside --out and moved in only when complete, so a failed write keeps an earlier comparison
        try (StagedOutput staged = StagedOutput.begin(out, "--out")) {
            comparison.write(staged.dir(), loaded);
            staged.commit();
        }

        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(comparison.render());
        stdout.println("  files                " + out + "/{" + Comparison.CONFIG + ", " + Comparison.CSV + "}");
        stdout.flush();
        return 0;
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
