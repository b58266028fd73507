package org.edgegen.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.edgegen.app.Engine;
import org.edgegen.app.PolicyLineup;
import org.edgegen.app.SimulationRun;
import org.edgegen.config.LoadedScenario;
import org.edgegen.model.InputException;
import org.edgegen.report.RunSummary;
import org.edgegen.cluster.Nodes;
import org.edgegen.report.OutputDirectory;
import org.edgegen.sim.RunJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code edgegen simulate}: plays E episodes with every user acting by one policy and writes the run's files. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run E episodes with every user acting by POLICY and write config.conf, slots.csv, "
                + "episodes.csv and summary.json into DIR; print a summary table.")
final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ScenarioOptions scenario;

    @Option(names = "--policy", required = true, paramLabel = "NAME",
            description = "Policy every user acts by, e.g. greedy-local, all-home-30, least-loaded, random, opt "
                    + "(an unknown name lists them all).")
    String policy;

    @Option(names = "--episodes", required = true, paramLabel = "E", description = "Episodes to run (>= 1).")
    int episodes;

    @Option(names = "--seed", required = true, paramLabel = "S", description = "Run seed.")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output directory; created if missing, the run's files in it are replaced.")
    Path out;

    @Option(names = "--checkpoint", paramLabel = "DIR",
            description = "With --policy osi: the train run (or checkpoint) whose policy the users play, as "
                    + "edgegen.learner.execution says (by default a draw at temperature 0.5).")
    Path checkpoint;

    @Option(names = "--cluster", paramLabel = "HOST:PORT",
            description = "Run on a running EdgeGen cluster (scripts/start-cluster.sh) through this seed node: "
                    + "its run manager plays the run on a learner node, which writes DIR (on several hosts a path "
                    + "every learner node shares); this command follows it with a progress bar and, if it is "
                    + "killed, the run goes on (edgegen attach RUN follows it again). Needs the actors engine.")
    String cluster;

    @Option(names = "--detach",
            description = "With --cluster: print the run id and exit instead of following the run; follow it with "
                    + "edgegen attach RUN, stop it with edgegen cancel RUN.")
    boolean detach;

    @Option(names = "--engine", defaultValue = "actors", paramLabel = "ENGINE",
            description = "actors (every user and BS an Akka actor) or direct (the single-threaded loop over the "
                    + "same model); default: ${DEFAULT-VALUE}.")
    String engineName;

    @Override
    public Integer call() throws Exception {
        if (episodes < 1) {
            throw new InputException("--episodes " + episodes + " is out of range: allowed >= 1");
        }
        Engine engine = Engine.parse(engineName, "--engine");
        if (cluster != null && engine != Engine.ACTORS) {
            throw new InputException("--cluster needs --engine actors");
        }
        CommandInputs.requireWeightsOnlyForOsi(policy, checkpoint);
        if (detach && cluster == null) {
            throw new InputException("--detach needs --cluster HOST:PORT: a run is handed to a running cluster");
        }
        if (cluster != null) {
            Nodes.clientConfig(cluster);
        }
        LoadedScenario loaded = scenario.load();
        PolicyLineup.Entry played = CommandInputs.played(loaded, policy, checkpoint, seed);
        if (cluster != null) {
            // every cluster run is the run manager's: it plays the run on a learner node, which writes DIR
            PolicyLineup.requireFits(loaded, played, episodes, seed);
            OutputDirectory.check(out, "--out");
            RunJob job = new RunJob(RunJob.SIMULATE, loaded.renderHocon(), played.name(), checkpoint == null ? ""
                    : checkpoint.toAbsolutePath().normalize().toString(), episodes, seed,
                    out.toAbsolutePath().normalize().toString(), 0, "");
            return ClusterRuns.handOver(spec, cluster, job, detach);
        }
        RunSummary summary = SimulationRun.run(loaded, played, engine, episodes, seed, out, Signals.stopRequest());

        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(SimulationRun.summaryText(summary, out));
        stdout.flush();
        return 0;
    }
}
