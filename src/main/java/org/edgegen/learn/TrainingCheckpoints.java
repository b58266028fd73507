package org.edgegen.learn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.edgegen.config.ConfigurationException;
import org.edgegen.config.LoadedScenario;
import org.edgegen.config.ScenarioLoader;
import org.edgegen.training.RunDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoints of a training run, in {@code RUN/checkpoints/}: {@code episode-NNNNNN} (NNNNNN = episodes done)
 * every K episodes and at the end, and {@code latest}, a copy of the newest. Each is a {@link PpoLearner}
 * checkpoint (variables, {@value PpoLearner#INFO_FILE}) plus {@value #PROGRESS_FILE} ({@link Progress}: episodes
 * done, seed, policy version and the resolved scenario), which is written last, so a directory without it is
 * incomplete. {@code latest} is replaced by renaming a complete copy over it, and a run whose {@code latest} was
 * lost mid-replacement resumes from the newest complete {@code episode-*}.
 */
public final class TrainingCheckpoints {

    public static final String DIR = RunDirectory.CHECKPOINTS;
    public static final String LATEST = "latest";
    /** The checkpoint of the policy that did best on the validation episodes (train --validation-seed). */
    public static final String BEST = "best";
    public static final String VALIDATION_FILE = "validation.json";
    public static final String PROGRESS_FILE = "progress.json";
    /** Progress format written and read. */
    public static final int FORMAT = 1;

    private static final Logger LOG = LoggerFactory.getLogger(TrainingCheckpoints.class);
    private static final Pattern EPISODE_DIR = Pattern.compile("episode-\\d{6,}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * How far a training run had got when a checkpoint was written.
     *
     * @param episodesDone  episodes 0..episodesDone-1 are learned from; a resumed run starts with episode
     *                      {@code episodesDone}
     * @param seed          the run seed
     * @param policyVersion the learner's version
     * @param scenario      the resolved scenario as HOCON text ({@link LoadedScenario#renderHocon})
     */
    public record Progress(int format, int episodesDone, long seed, long policyVersion, String scenario) {

        public Progress(int episodesDone, long seed, long policyVersion, String scenario) {
            this(FORMAT, episodesDone, seed, policyVersion, scenario);
        }

        /** The scenario the run was trained on, loaded and validated again. */
        public LoadedScenario loadScenario() {
            return ScenarioLoader.fromConfig(ConfigFactory.parseString(scenario));
        }
    }

    /** One checkpoint directory and, for those a training run wrote, its progress. */
    public record Checkpoint(Path dir, Optional<Progress> progress) {

        /** The progress, or a {@link CheckpointException} saying it is missing. */
        public Progress requireProgress() {
            return progress.orElseThrow(() -> new CheckpointException(dir, "missing " + PROGRESS_FILE
                    + " (not a checkpoint of the train command)"));
        }
    }

    private final Path root;

    /** The checkpoints of the run in {@code runDir}. */
    public TrainingCheckpoints(Path runDir) {
        this.root = runDir.resolve(DIR);
    }

    public Path root() {
        return root;
    }

    /** The directory of the checkpoint after {@code episodesDone} episodes. */
    public Path episodeDir(int episodesDone) {
        return root.resolve(String.format(Locale.ROOT, "episode-%06d", episodesDone));
    }

    /** Writes {@code episode-NNNNNN} and replaces {@code latest} with a copy of it; returns the former. */
    public Path save(PpoTrainer trainer, Progress progress) {
        Path dir = episodeDir(progress.episodesDone());
        Path progressFile = dir.resolve(PROGRESS_FILE);
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(progressFile);
        } catch (IOException e) {
            throw new CheckpointException(dir, "cannot create the directory: " + PpoLearner.oneLine(e), e);
        }
        trainer.save(dir);
        writeAtomically(progressFile, progress);
        Path latest = root.resolve(LATEST);
        Path copy = root.resolve(LATEST + ".tmp");
        try {
            deleteTree(copy);
            copyTree(dir, copy);
            deleteTree(latest);
            Files.move(copy, latest, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CheckpointException(latest, "cannot replace it with " + dir + ": " + PpoLearner.oneLine(e), e);
        }
        LOG.info("Checkpoint after {} episodes (policy version {}) in {}", progress.episodesDone(),
                progress.policyVersion(), dir);
        return dir;
    }

    /**
     * What {@code checkpoints/best} was chosen by: the policy after {@code episodesDone} episodes had the lowest
     * mean cost on episodes 0..validationEpisodes-1 of {@code validationSeed}, played greedily.
     */
    public record Validation(int format, int episodesDone, long validationSeed, int validationEpisodes,
            double meanCost) {

        public Validation(int episodesDone, long validationSeed, int validationEpisodes, double meanCost) {
            this(FORMAT, episodesDone, validationSeed, validationEpisodes, meanCost);
        }
    }

    /** The directory of the best checkpoint. */
    public Path bestDir() {
        return root.resolve(BEST);
    }

    /**
     * Replaces {@code best} with a checkpoint of the trainer's current weights (written to a temporary directory,
     * then renamed), with its progress and {@value #VALIDATION_FILE}. Does not change the trainer.
     */
    public Path saveBest(PpoTrainer trainer, Progress progress, Validation validation) {
        Path best = bestDir();
        Path copy = root.resolve(BEST + ".tmp");
        try {
            deleteTree(copy);
            Files.createDirectories(copy);
            trainer.save(copy);
            Files.writeString(copy.resolve(VALIDATION_FILE), JSON.writeValueAsString(validation) + "\n",
                    StandardCharsets.UTF_8);
            writeAtomically(copy.resolve(PROGRESS_FILE), progress);
            deleteTree(best);
            Files.move(copy, best, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CheckpointException(best, "cannot write it: " + PpoLearner.oneLine(e), e);
        }
        LOG.info("Best on validation after {} episodes (mean cost {}) in {}", validation.episodesDone(),
                validation.meanCost(), best);
        return best;
    }

    /** The {@value #VALIDATION_FILE} of a checkpoint directory, if it has a readable one. */
    public static Optional<Validation> validationOf(Path checkpointDir) {
        Path file = checkpointDir.resolve(VALIDATION_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Validation v = JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), Validation.class);
            return v.format() == FORMAT && Files.isRegularFile(checkpointDir.resolve(PROGRESS_FILE))
                    ? Optional.of(v) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.warn("{} cannot be read: {}", file, PpoLearner.oneLine(e));
            return Optional.empty();
        }
    }

    private static void writeAtomically(Path file, Progress progress) {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(temporary, JSON.writeValueAsString(progress) + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CheckpointException(file.getParent(), "cannot write " + PROGRESS_FILE + ": "
                    + PpoLearner.oneLine(e), e);
        }
    }

    /**
     * The newest checkpoint under {@code path}: a checkpoint directory itself, a run's {@code checkpoints}
     * directory, or a run directory. Anything missing or unreadable is a {@link CheckpointException}.
     */
    public static Checkpoint find(Path path) {
        if (!Files.exists(path)) {
            throw new CheckpointException(path, "no such directory");
        }
        if (!Files.isDirectory(path)) {
            throw new CheckpointException(path, "not a directory");
        }
        if (isCheckpoint(path)) {
            return read(path);
        }
        Path checkpoints = Files.isDirectory(path.resolve(DIR)) ? path.resolve(DIR) : path;
        Path latest = checkpoints.resolve(LATEST);
        if (Files.isRegularFile(latest.resolve(PROGRESS_FILE))) {
            return read(latest);
        }
        Optional<Path> newest = newestEpisodeDir(checkpoints);
        if (newest.isPresent()) {
            LOG.warn("{} is missing or incomplete; using {}", latest, newest.get());
            return read(newest.get());
        }
        if (Files.isDirectory(latest)) {
            return read(latest);
        }
        throw new CheckpointException(path, "holds no checkpoint (expected " + DIR + "/" + LATEST + "/ with "
                + PpoLearner.INFO_FILE + " and " + PROGRESS_FILE + ")");
    }

    /** Whether the run in {@code runDir} has a complete checkpoint (one with its progress) that it can go on from. */
    public static boolean hasCheckpoint(Path runDir) {
        Path checkpoints = runDir.resolve(DIR);
        return Files.isDirectory(checkpoints) && (Files.isRegularFile(checkpoints.resolve(LATEST).resolve(
                PROGRESS_FILE)) || newestEpisodeDir(checkpoints).isPresent());
    }

    private static boolean isCheckpoint(Path dir) {
        return Files.exists(dir.resolve(PpoLearner.INFO_FILE)) || Files.exists(dir.resolve(PROGRESS_FILE))
                || Files.isDirectory(dir.resolve(PpoLearner.VARIABLES));
    }

    private static Optional<Path> newestEpisodeDir(Path checkpoints) {
        if (!Files.isDirectory(checkpoints)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(checkpoints)) {
            return dirs.filter(d -> EPISODE_DIR.matcher(d.getFileName().toString()).matches())
                    .filter(d -> Files.isRegularFile(d.resolve(PROGRESS_FILE)))
                    .max(Comparator.comparing(d -> Long.parseLong(d.getFileName().toString().substring(8))));
        } catch (IOException e) {
            throw new CheckpointException(checkpoints, "cannot list it: " + PpoLearner.oneLine(e), e);
        }
    }

    private static Checkpoint read(Path dir) {
        Path file = dir.resolve(PROGRESS_FILE);
        if (!Files.isRegularFile(file)) {
            return new Checkpoint(dir, Optional.empty());
        }
        Progress progress;
        try {
            progress = JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), Progress.class);
        } catch (JsonProcessingException e) {
            String problem = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().strip();
            throw new CheckpointException(dir, PROGRESS_FILE + " is corrupt: "
                    + problem.lines().findFirst().orElse("unreadable JSON"), e);
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(dir, "cannot read " + PROGRESS_FILE + ": " + PpoLearner.oneLine(e), e);
        }
        if (progress.format() != FORMAT) {
            throw new CheckpointException(dir, PROGRESS_FILE + " has format " + progress.format() + ", expected "
                    + FORMAT);
        }
        if (progress.episodesDone() < 0 || progress.scenario() == null) {
            throw new CheckpointException(dir, PROGRESS_FILE + " lacks the episodes done or the scenario");
        }
        return new Checkpoint(dir, Optional.of(progress));
    }

    /** The scenario of a checkpoint's progress; a scenario that no longer loads is a corrupt checkpoint. */
    public static LoadedScenario scenarioOf(Checkpoint checkpoint) {
        Progress progress = checkpoint.requireProgress();
        try {
            return progress.loadScenario();
        } catch (ConfigException | ConfigurationException e) {
            throw new CheckpointException(checkpoint.dir(), "the scenario in " + PROGRESS_FILE + " does not load: "
                    + PpoLearner.oneLine(e), e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(from)) {
            paths = walk.toList();
        }
        for (Path source : paths) {
            Path target = to.resolve(from.relativize(source).toString());
            if (Files.isDirectory(source)) {
                Files.createDirectories(target);
            } else {
                Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Deletes a directory and everything in it, if it exists (see {@link RunDirectory#deleteTree}). */
    public static void deleteTree(Path dir) throws IOException {
        RunDirectory.deleteTree(dir);
    }
}
