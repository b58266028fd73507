package org.edgegen.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.edgegen.config.LoadedScenario;
import org.edgegen.learn.TrainingCheckpoints;
import org.edgegen.learn.TrainingCheckpoints.Checkpoint;
import org.edgegen.learn.TrainingCheckpoints.Progress;
import org.edgegen.model.InputException;

/**
 * The one rule by which a training run may go on from a checkpoint (train --resume, the cluster learner after its
 * node was lost, a suite reusing a finished training): the checkpoint's run had the same seed, the same scenario
 * the same training load ranges ({@code edgegen.training.*}) and the same learner settings
 * ({@code edgegen.learner.*}). Only {@code edgegen.sim.*} (timeouts and retries, which
 * change no number) may differ. With this rule a resumed run is the uninterrupted run of one command line, so its
 * train.csv and checkpoints are byte for byte those of that run.
 */
public final class ResumeRule {

    private static final String LEARNER = "edgegen.learner.";
    private static final String SIM = "edgegen.sim.";
    /** Differing keys named in a message; more are summed up. */
    private static final int NAMED_KEYS = 3;

    private ResumeRule() {}

    /**
     * The episodes done of a checkpoint this run may go on from.
     *
     * @param where the run directory the user named, for the message
     * @throws InputException one line naming what differs and what to pass instead
     */
    public static int require(Checkpoint checkpoint, LoadedScenario loaded, long seed, Path where) {
        Optional<String> difference = difference(checkpoint, loaded, seed, where);
        if (difference.isPresent()) {
            throw new InputException(difference.get());
        }
        return checkpoint.requireProgress().episodesDone();
    }

    /** Whether a run of {@code loaded} and {@code seed} may go on from the checkpoint. */
    public static boolean allows(Checkpoint checkpoint, LoadedScenario loaded, long seed) {
        return difference(checkpoint, loaded, seed, checkpoint.dir()).isEmpty();
    }

    /**
     * Whether a finished training may be reused as the training of {@code loaded} and {@code seed} (a suite's point
     * whose trained policy is only played, with no validation): as {@link #allows}, except that the keys of how the
     * trained policy is played ({@code edgegen.learner.execution} and {@code execution-temperature}) may differ,
     * since training never reads them.
     */
    static boolean allowsReuse(Checkpoint checkpoint, LoadedScenario loaded, long seed) {
        return allows(checkpoint, loaded, seed) || allows(checkpoint, loaded.withPlay(
                TrainingCheckpoints.scenarioOf(checkpoint).learner()), seed);
    }

    /** What differs, as one line; empty when the run may go on from the checkpoint. */
    static Optional<String> difference(Checkpoint checkpoint, LoadedScenario loaded, long seed, Path where) {
        Progress progress = checkpoint.requireProgress();
        if (progress.seed() != seed) {
            return Optional.of("--seed " + seed + " differs from the seed " + progress.seed() + " of the run in "
                    + where + "; resume with --seed " + progress.seed());
        }
        LoadedScenario trained = TrainingCheckpoints.scenarioOf(checkpoint);
        Path file = checkpoint.dir().resolve(TrainingCheckpoints.PROGRESS_FILE);
        if (!trained.scenario().equals(loaded.scenario())) {
            return Optional.of("the scenario differs from the one the run in " + where + " was trained on"
                    + keys(trained, loaded, false, file) + "; pass the same --scenario and --set options");
        }
        if (!trained.training().equals(loaded.training())) {
            return Optional.of("the training load ranges differ from the ones the run in " + where + " was trained"
                    + " with" + keys(trained, loaded, false, file) + "; pass the same --set edgegen.training.*"
                    + " options, or train a new run");
        }
        if (!trained.learner().equals(loaded.learner())) {
            return Optional.of("the learner settings differ from the ones the run in " + where + " was trained with"
                    + keys(trained, loaded, true, file) + "; pass the same --set " + LEARNER
                    + "* options, or train a new run");
        }
        return Optional.empty();
    }

    /**
     * The differing keys of the learner's (or else the scenario's) part of the two configurations, in brackets, so
     * that the user sees which option to pass.
     */
    private static String keys(LoadedScenario trained, LoadedScenario now, boolean learner, Path file) {
        Map<String, String> then = values(trained.resolved(), learner);
        Map<String, String> here = values(now.resolved(), learner);
        TreeMap<String, String> all = new TreeMap<>(then);
        all.putAll(here);
        List<String> differing = new ArrayList<>();
        for (String key : all.keySet()) {
            String a = then.getOrDefault(key, "unset");
            String b = here.getOrDefault(key, "unset");
            if (!a.equals(b)) {
                differing.add(key + " = " + a + ", now " + b);
            }
        }
        if (differing.isEmpty()) {
            return " (" + file + ")";
        }
        String named = String.join("; ", differing.subList(0, Math.min(NAMED_KEYS, differing.size())));
        int more = differing.size() - NAMED_KEYS;
        return " (" + file + " has " + named + (more > 0 ? "; and " + more + " more" : "") + ")";
    }

    private static Map<String, String> values(Config resolved, boolean learner) {
        Map<String, String> values = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> entry : resolved.entrySet()) {
            String key = entry.getKey();
            boolean isLearner = key.startsWith(LEARNER);
            if (learner ? isLearner : !isLearner && !key.startsWith(SIM)) {
                values.put(key, entry.getValue().render(ConfigRenderOptions.concise()));
            }
        }
        return values;
    }
}
