package org.edgegen.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.edgegen.app.Engine;
import org.edgegen.app.TrainingRun;
import org.edgegen.cluster.Nodes;
import org.edgegen.model.InputException;
import org.edgegen.config.LoadedScenario;
import org.edgegen.policy.neural.NeuralPolicy;
import org.edgegen.report.OutputDirectory;
import org.edgegen.sim.RunJob;
import org.edgegen.report.TrainSummary;
import org.edgegen.sim.ActorSimulation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgegen train}: learns the OSI policy over E episodes (CTDE: every user acts by its own copy, one learner
 * updates after each episode) and writes the run's curve, TensorBoard events, checkpoints, the final actor as a
 * SavedModel and a summary.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the OSI policy for E episodes and write config.conf, train.csv, tensorboard/, "
                + "checkpoints/, policy/ (SavedModel) and summary.json into DIR; print a summary.")
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ScenarioOptions scenario;

    @Option(names = "--episodes", required = true, paramLabel = "E",
            description = "Episodes of the whole run (>= 1); with --resume, the run goes on until E are done.")
    int episodes;

    @Option(names = "--seed", required = true, paramLabel = "S",
            description = "Run seed: initial weights, minibatch order and every episode's draws.")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output directory; created if missing. An earlier run's files in it are replaced once "
                    + "this run has its first checkpoint; they come back if it fails before.")
    Path out;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the run in DIR (usually the same as --out) from its latest checkpoint.")
    Path resume;

    @Option(names = "--checkpoint-every", defaultValue = "10", paramLabel = "K",
            description = "Write a checkpoint every K episodes (and always at the end); default: ${DEFAULT-VALUE}.")
    int checkpointEvery;

    @Option(names = "--cluster", paramLabel = "HOST:PORT",
            description = "Train on a running EdgeGen cluster (scripts/start-cluster.sh) through this seed node: "
                    + "its run manager trains the run on a learner node, which writes DIR (on several hosts a path "
                    + "every learner node shares, as --resume); this command follows it with a progress bar and, "
                    + "if it is killed, the run goes on (edgegen attach RUN follows it again). Needs the actors "
                    + "engine.")
    String cluster;

    @Option(names = "--detach",
            description = "With --cluster: print the run id and exit instead of following the run; follow it with "
                    + "edgegen attach RUN, stop it with edgegen cancel RUN (it keeps a checkpoint to resume).")
    boolean detach;

    @Option(names = "--engine", defaultValue = "actors", paramLabel = "ENGINE",
            description = "actors (every user and BS an Akka actor, a learner actor) or direct (the "
                    + "single-threaded loop, same numbers); default: ${DEFAULT-VALUE}.")
    String engineName;

    @Option(names = "--validation-seed", paramLabel = "V",
            description = "Every --validation-every episodes, play the policy (as edgegen.learner.execution says) on "
                    + "episodes of seed V (use one "
                    + "that neither training nor evaluation uses), log it to validation.csv and keep the best "
                    + "as checkpoints/best. Does not change the training. Default: no validation.")
    Long validationSeed;

    @Option(names = "--validation-episodes", defaultValue = "10", paramLabel = "N",
            description = "Episodes of the validation seed per validation (>= 1); default: ${DEFAULT-VALUE}.")
    int validationEpisodes;

    @Option(names = "--validation-every", defaultValue = "100", paramLabel = "K",
            description = "Validate every K episodes (>= 1) and at the end; default: ${DEFAULT-VALUE}.")
    int validationEvery;

    @Override
    public Integer call() throws Exception {
        atLeastOne(episodes, "--episodes");
        atLeastOne(checkpointEvery, "--checkpoint-every");
        atLeastOne(validationEpisodes, "--validation-episodes");
        atLeastOne(validationEvery, "--validation-every");
        if (validationSeed != null && validationSeed == seed) {
            throw new InputException("--validation-seed " + validationSeed + " is the training seed; pass another");
        }
        Engine engine = Engine.parse(engineName, "--engine");
        if (cluster != null && engine != Engine.ACTORS) {
            throw new InputException("--cluster needs --engine actors");
        }
        if (cluster != null && validationSeed != null) {
            throw new InputException("--validation-seed is not available with --cluster yet: validate a local run, "
                    + "or evaluate the cluster run's checkpoints afterwards");
        }
        if (detach && cluster == null) {
            throw new InputException("--detach needs --cluster HOST:PORT: a run is handed to a running cluster");
        }
        if (cluster != null) {
            Nodes.clientConfig(cluster);
        }
        LoadedScenario loaded = scenario.load();
        String scenarioHocon = loaded.renderHocon();
        TrainingRun run = TrainingRun.prepare(new TrainingRun.Settings(loaded, seed, episodes,
                checkpointEvery, Optional.ofNullable(validationSeed).map(v -> new TrainingRun.Validation(v,
                        validationEpisodes, validationEvery))), out, Optional.ofNullable(resume));
        if (cluster != null) {
            // every cluster run is the run manager's: a learner node trains it and writes DIR
            run.validateForActors();
            OutputDirectory.check(out, "--out");
            RunJob job = new RunJob(RunJob.TRAIN, scenarioHocon, NeuralPolicy.NAME, "", episodes, seed,
                    out.toAbsolutePath().normalize().toString(), checkpointEvery, resume == null ? ""
                    : resume.toAbsolutePath().normalize().toString());
            return ClusterRuns.handOver(spec, cluster, job, detach);
        }
        TrainSummary summary = run.train(engine, Signals.stopRequest());

        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(run.summaryText(summary));
        stdout.flush();
        return 0;
    }

    private static void atLeastOne(int value, String option) {
        if (value < 1) {
            throw new InputException(option + " " + value + " is out of range: allowed >= 1");
        }
    }
}
