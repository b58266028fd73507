package org.edgegen.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.edgegen.app.Engine;
import org.edgegen.app.Evaluation;
import org.edgegen.app.OsiWeights;
import org.edgegen.app.PolicyLineup;
import org.edgegen.cluster.Nodes;
import org.edgegen.config.LoadedScenario;
import org.edgegen.model.InputException;
import org.edgegen.report.OutputDirectory;
import org.edgegen.sim.RunJob;
import org.edgegen.training.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgegen evaluate}: plays the same episodes with the trained OSI policy (as {@code learner.execution} says)
 * and with every baseline, and compares them. Uses the single-threaded loop, which gives exactly the actors'
 * numbers; with {@code --cluster} the cluster's run manager plays it on a learner node, as it does
 * {@code simulate} and {@code train}.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Play E episodes of seed S with the trained OSI policy and every baseline; write "
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
                    + "seed node, with every user and base station an actor there; same numbers as without. Its "
                    + "run manager plays the evaluation on a learner node, which writes DIR (on several hosts a "
                    + "path every learner node shares); this command follows it and, if it is killed, the "
                    + "evaluation goes on (edgegen attach RUN follows it again).")
    String cluster;

    @Option(names = "--detach",
            description = "With --cluster: print the run id and exit instead of following the evaluation; follow it "
                    + "with edgegen attach RUN, stop it with edgegen cancel RUN.")
    boolean detach;

    @Override
    public Integer call() throws Exception {
        if (episodes < 1) {
            throw new InputException("--episodes " + episodes + " is out of range: allowed >= 1");
        }
        if (detach && cluster == null) {
            throw new InputException("--detach needs --cluster HOST:PORT: a run is handed to a running cluster");
        }
        if (cluster != null) {
            Nodes.clientConfig(cluster);
        }
        LoadedScenario loaded = scenario.load();
        List<String> names = names();
        List<Path> given = checkpoints == null ? List.of() : checkpoints;
        // the lineup is checked here (names, checkpoints) before anything is played or handed over
        PolicyLineup lineup = PolicyLineup.of(loaded, names, OsiWeights.fromCheckpoints(given, seed));
        if (cluster != null) {
            // every cluster run is the run manager's: it plays the evaluation on a learner node, which writes DIR
            OutputDirectory.check(out, "--out");
            RunJob job = new RunJob(RunJob.EVALUATE, loaded.renderHocon(), String.join(",", names),
                    String.join(",", given.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList()),
                    episodes, seed, out.toAbsolutePath().normalize().toString(), 0, "");
            return ClusterRuns.handOver(spec, cluster, job, detach);
        }
        OutputDirectory.prepare(out, "--out"); // before the episodes: a bad --out is told at once
        Evaluation.Result result = Evaluation.compareInto(out, loaded, lineup, episodes, seed, Engine.DIRECT,
                Signals.stopRequest(), (done, meanCost) -> { }, RunReport.CLEAN);

        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(Evaluation.summaryText(result, out));
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
