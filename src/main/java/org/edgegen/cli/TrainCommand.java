package org.edgegen.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.edgegen.app.Engine;
import org.edgegen.app.PolicyValidation;
import org.edgegen.config.LoadedScenario;
import org.edgegen.learn.DirectTraining;
import org.edgegen.learn.PpoTrainer;
import org.edgegen.learn.TrainingCheckpoints;
import org.edgegen.learn.TrainingCheckpoints.Checkpoint;
import org.edgegen.learn.TrainingCheckpoints.Progress;
import org.edgegen.model.InputException;
import org.edgegen.model.SystemModel;
import org.edgegen.model.slot.SlotRecord;
import org.edgegen.policy.neural.NeuralPolicy;
import org.edgegen.report.EpisodeMetrics;
import org.edgegen.report.MachineInfo;
import org.edgegen.report.RunMetrics;
import org.edgegen.report.TrainFiles;
import org.edgegen.report.TrainProgress;
import org.edgegen.report.TrainRow;
import org.edgegen.report.TaskStats;
import org.edgegen.report.TrainSummary;
import org.edgegen.report.ValidationFile;
import org.edgegen.sim.ActorSimulation;
import org.edgegen.sim.ActorTraining;
import org.edgegen.sim.PolicyTrainer.TrainingStep;
import org.edgegen.sim.RunReport;
import org.edgegen.sim.RunRequest;
import org.edgegen.sim.TrainJob;
import org.edgegen.sim.TrainListener;
import org.edgegen.sim.TrainRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);

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
            description = "Output directory; created if missing, the run's files in it are replaced.")
    Path out;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the run in DIR (usually the same as --out) from its latest checkpoint.")
    Path resume;

    @Option(names = "--checkpoint-every", defaultValue = "10", paramLabel = "K",
            description = "Write a checkpoint every K episodes (and always at the end); default: ${DEFAULT-VALUE}.")
    int checkpointEvery;

    @Option(names = "--cluster", paramLabel = "HOST:PORT",
            description = "Train on a running EdgeGen cluster (scripts/start-cluster.sh) through this seed node: the "
                    + "learner runs on a learner node and writes checkpoints/ and policy/ into DIR, which every "
                    + "learner node must reach under the same path; needs the actors engine.")
    String cluster;

    @Option(names = "--engine", defaultValue = "actors", paramLabel = "ENGINE",
            description = "actors (every user and BS an Akka actor, a learner actor) or direct (the "
                    + "single-threaded loop, same numbers); default: ${DEFAULT-VALUE}.")
    String engineName;

    @Option(names = "--validation-seed", paramLabel = "V",
            description = "Every --validation-every episodes, play the policy greedily on episodes of seed V (use one "
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
        if (episodes < 1) {
            throw new InputException("--episodes " + episodes + " is out of range: allowed >= 1");
        }
        if (checkpointEvery < 1) {
            throw new InputException("--checkpoint-every " + checkpointEvery + " is out of range: allowed >= 1");
        }
        if (validationEpisodes < 1) {
            throw new InputException("--validation-episodes " + validationEpisodes + " is out of range: allowed >= 1");
        }
        if (validationEvery < 1) {
            throw new InputException("--validation-every " + validationEvery + " is out of range: allowed >= 1");
        }
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
        if (cluster != null) {
            ActorSimulation.clientConfig(cluster);
        }
        LoadedScenario loaded = scenario.load();
        SystemModel model = SystemModel.of(loaded.scenario());
        Optional<Checkpoint> from = Optional.ofNullable(resume).map(TrainingCheckpoints::find);
        int firstEpisode = from.map(c -> resumable(c, loaded)).orElse(0);
        if (engine == Engine.ACTORS) {
            // What the actors cannot run is refused before any file is touched.
            ActorSimulation.validate(new RunRequest(loaded, NeuralPolicy.NAME, episodes - firstEpisode, seed));
        }

        long startNanos = System.nanoTime();
        TrainSummary summary = cluster != null ? trainOnCluster(loaded, model, from, firstEpisode, startNanos)
                : trainHere(engine, loaded, model, from, firstEpisode, startNanos);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(summary.render());
        if (validationSeed != null) {
            TrainingCheckpoints.validationOf(new TrainingCheckpoints(out).bestDir()).ifPresent(v -> stdout.println(
                    String.format(java.util.Locale.ROOT, "  best on validation   mean cost %.6f after %d episodes "
                            + "(seed %d, %d episodes): %s", v.meanCost(), v.episodesDone(), v.validationSeed(),
                            v.validationEpisodes(), new TrainingCheckpoints(out).bestDir())));
        }
        stdout.println("  files                " + out + "/{" + String.join(", ", TrainFiles.CONFIG, TrainFiles.TRAIN,
                TrainFiles.TENSORBOARD + "/", TrainFiles.CHECKPOINTS + "/", TrainFiles.POLICY + "/",
                TrainFiles.SUMMARY) + "}");
        stdout.flush();
        return 0;
    }

    /**
     * Trains on the cluster: the learner (and its trainer) lives on a learner node, which checkpoints and exports the
     * final policy into DIR; this JVM writes train.csv, TensorBoard events and the summary from what it reports.
     */
    private TrainSummary trainOnCluster(LoadedScenario loaded, SystemModel model, Optional<Checkpoint> from,
            int firstEpisode, long startNanos) throws Exception {
        Path dir = out.toAbsolutePath().normalize();
        TrainJob job = new TrainJob(dir.toString(), from.map(c -> c.dir().toAbsolutePath().normalize().toString())
                .orElse(""), firstEpisode, episodes, checkpointEvery, false);
        try (TrainFiles files = from.isPresent() ? TrainFiles.resume(out, loaded, resume, firstEpisode)
                : TrainFiles.create(out, loaded)) {
            LOG.info("training osi on {} ({} users, {} slots) from episode {} to {} on the cluster at {} into {}",
                    loaded.scenario().name(), model.userCount(), model.slotsPerEpisode(), firstEpisode,
                    episodes - 1, cluster, out);
            long initialVersion = from.map(c -> c.requireProgress().policyVersion()).orElse(0L);
            Recorder recorder = new Recorder(model, loaded, null, files, firstEpisode, initialVersion);
            RunReport survived = recorder.drive(firstEpisode, "the cluster", () -> ActorTraining.trainOnCluster(
                    cluster, new TrainRequest(loaded, firstEpisode, episodes - firstEpisode, seed), job, recorder));
            TrainSummary summary = new TrainSummary(loaded.scenario().name(), seed, "actors (cluster " + cluster
                    + ")", model.userCount(), model.slotsPerEpisode(), firstEpisode, episodes, recorder.playedVersion,
                    recorder.transitions, files.recent(), survived, (System.nanoTime() - startNanos) / 1e9,
                    MachineInfo.current());
            files.writeSummary(summary);
            return summary;
        }
    }

    private TrainSummary trainHere(Engine engine, LoadedScenario loaded, SystemModel model, Optional<Checkpoint> from,
            int firstEpisode, long startNanos) throws Exception {
        TrainSummary summary;
        try (PpoTrainer trainer = new PpoTrainer(model, loaded.learner(), seed)) {
            // Restore before touching any file: a bad checkpoint leaves the run directory as it was.
            from.ifPresent(c -> trainer.restore(c.dir()));
            try (TrainFiles files = from.isPresent() ? TrainFiles.resume(out, loaded, resume, firstEpisode)
                    : TrainFiles.create(out, loaded)) {
                LOG.info("training osi on {} ({} users, {} slots) from episode {} to {} with the {} engine into {}",
                        loaded.scenario().name(), model.userCount(), model.slotsPerEpisode(), firstEpisode,
                        episodes - 1, engine.label(), out);
                Recorder recorder = new Recorder(model, loaded, trainer, files, firstEpisode, trainer.version());
                recorder.openValidation(model, from.isPresent() ? resume : out);
                RunReport survived = recorder.drive(firstEpisode, "the " + engine.label() + " engine", () ->
                        engine.train(new TrainRequest(loaded, firstEpisode, episodes - firstEpisode, seed), trainer,
                                recorder));
                if (recorder.lastCheckpoint != episodes) {
                    recorder.checkpoint();
                }
                if (recorder.validation != null && recorder.lastValidation != episodes) {
                    recorder.validate();
                }
                recorder.closeValidation();
                trainer.exportSavedModel(files.policy());
                summary = new TrainSummary(loaded.scenario().name(), seed, engine.label(), model.userCount(),
                        model.slotsPerEpisode(), firstEpisode, episodes, trainer.version(), recorder.transitions,
                        files.recent(), survived, (System.nanoTime() - startNanos) / 1e9, MachineInfo.current());
                files.writeSummary(summary);
            }
        }
        return summary;
    }

    /** The episode a checkpoint's run goes on from, once it is known to fit this command line. */
    private int resumable(Checkpoint checkpoint, LoadedScenario loaded) {
        Progress progress = checkpoint.requireProgress();
        if (progress.seed() != seed) {
            throw new InputException("--seed " + seed + " differs from the seed " + progress.seed() + " of the run in "
                    + resume + "; resume with --seed " + progress.seed());
        }
        if (!TrainingCheckpoints.scenarioOf(checkpoint).scenario().equals(loaded.scenario())) {
            throw new InputException("the scenario differs from the one the run in " + resume + " was trained on ("
                    + checkpoint.dir().resolve(TrainingCheckpoints.PROGRESS_FILE)
                    + "); pass the same --scenario and --set options");
        }
        if (progress.episodesDone() >= episodes) {
            throw new InputException("the run in " + resume + " has already done " + progress.episodesDone()
                    + " episodes; pass --episodes above that to go on");
        }
        return progress.episodesDone();
    }

    /**
     * What happens after every episode's update, on the learner's thread while the trainer is idle: the row in
     * train.csv and TensorBoard, the progress, and a checkpoint every K episodes. A failure here is kept and
     * reported when the engine returns (the actor engine would otherwise only see a learner that stopped).
     */
    private final class Recorder implements TrainListener {

        private final LoadedScenario loaded;
        private final PpoTrainer trainer;
        private final TrainFiles files;
        private final RunMetrics metrics;
        private final TrainingCheckpoints checkpoints;
        private TrainProgress progress;
        private Optional<RuntimeException> failure = Optional.empty();
        private long playedVersion;
        private int episodesDone;
        private int lastCheckpoint;
        private long transitions;
        private PolicyValidation validation;
        private ValidationFile validationFile;
        private double bestCost = Double.POSITIVE_INFINITY;
        private int lastValidation = -1;

        /** {@code trainer}: null when the learner node checkpoints (cluster mode). */
        Recorder(SystemModel model, LoadedScenario loaded, PpoTrainer trainer, TrainFiles files, int firstEpisode,
                long initialVersion) {
            this.loaded = loaded;
            this.trainer = trainer;
            this.files = files;
            this.metrics = new RunMetrics(model.userCount());
            this.checkpoints = new TrainingCheckpoints(out);
            this.playedVersion = initialVersion;
            this.episodesDone = firstEpisode;
            this.lastCheckpoint = firstEpisode;
        }

        /**
         * Runs the engine with a progress bar from {@code firstEpisode}; a failure of this listener wins over the
         * engine's own (which it usually caused), and an engine that stops short of the last episode is an error.
         */
        RunReport drive(int firstEpisode, String engine, java.util.function.Supplier<RunReport> run) {
            RunReport survived;
            try (TrainProgress bar = TrainProgress.start(firstEpisode, episodes)) {
                progress = bar;
                survived = run.get();
            } catch (RuntimeException e) {
                throw failure.filter(f -> f != e).map(f -> {
                    f.addSuppressed(e);
                    return f;
                }).orElse(e);
            }
            if (failure.isPresent()) {
                throw failure.get();
            }
            if (episodesDone != episodes) {
                throw new IllegalStateException(engine + " delivered episodes up to " + episodesDone + " of "
                        + episodes);
            }
            return survived;
        }

        @Override
        public void onEpisode(int episode, List<SlotRecord> slots, TrainingStep step) {
            if (failure.isPresent()) {
                return;
            }
            try {
                EpisodeMetrics rows = metrics.addEpisode(episode, slots);
                TrainRow row = new TrainRow(episode, playedVersion, step.meanReward(), rows.episode().stats(),
                        step.entropy(), step.policyLoss(), step.valueLoss(), step.approxKl());
                files.write(row);
                playedVersion = step.snapshot().version();
                transitions += step.transitions();
                episodesDone = episode + 1;
                progress.episodeDone(row);
                if (trainer != null && episodesDone % checkpointEvery == 0) {
                    checkpoint();
                }
                if (validation != null && episodesDone % validationEvery == 0) {
                    validate();
                }
            } catch (RuntimeException e) {
                failure = Optional.of(e);
                throw e;
            }
        }

        /**
         * With --validation-seed, opens validation.csv (keeping the resumed run's rows up to its first episode)
         * and takes the best so far from a checkpoints/best validated the same way; without, removes a stale
         * validation.csv.
         */
        void openValidation(SystemModel model, Path previousDir) throws java.io.IOException {
            if (validationSeed == null) {
                ValidationFile.delete(out);
                return;
            }
            validation = new PolicyValidation(loaded, validationSeed, validationEpisodes);
            validationFile = ValidationFile.open(out, previousDir, episodesDone);
            Path best = checkpoints.bestDir();
            Optional<TrainingCheckpoints.Validation> earlier = TrainingCheckpoints.validationOf(best)
                    .filter(v -> v.validationSeed() == validationSeed && v.validationEpisodes() == validationEpisodes
                            && v.episodesDone() <= episodesDone && episodesDone > 0);
            if (earlier.isPresent()) {
                bestCost = earlier.get().meanCost();
                LOG.info("best on validation so far: mean cost {} after {} episodes", bestCost,
                        earlier.get().episodesDone());
            } else if (java.nio.file.Files.exists(best)) {
                LOG.warn("{} does not belong to this run's validation: it is replaced", best);
                TrainingCheckpoints.deleteTree(best);
            }
        }

        void closeValidation() throws java.io.IOException {
            if (validationFile != null) {
                validationFile.close();
            }
        }

        /** Plays the current policy on the validation episodes; saves it as checkpoints/best if it is the best. */
        void validate() {
            TaskStats stats = validation.run(trainer.snapshot());
            boolean best = stats.meanCost() < bestCost;
            if (best) {
                bestCost = stats.meanCost();
                checkpoints.saveBest(trainer, new Progress(episodesDone, seed, trainer.version(),
                        loaded.renderHocon()), new TrainingCheckpoints.Validation(episodesDone, validation.seed(),
                        validation.episodes(), stats.meanCost()));
            }
            validationFile.write(new ValidationFile.Row(episodesDone, trainer.version(), validation.seed(),
                    validation.episodes(), stats, best));
            lastValidation = episodesDone;
        }

        void checkpoint() {
            checkpoints.save(trainer, new Progress(episodesDone, seed, trainer.version(), loaded.renderHocon()));
            lastCheckpoint = episodesDone;
        }
    }
}
