package org.edgegen.app;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.edgegen.config.LoadedScenario;
import org.edgegen.model.Scenario.MdpParams;
import org.edgegen.learn.PpoTrainer;
import org.edgegen.learn.TrainingCheckpoints;
import org.edgegen.learn.TrainingCheckpoints.Checkpoint;
import org.edgegen.model.InputException;
import org.edgegen.model.Scenario;
import org.edgegen.model.SystemModel;
import org.edgegen.policy.neural.NeuralPolicy;
import org.edgegen.policy.neural.PolicySnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the trained OSI actor of a lineup comes from: nowhere, weights in memory, weights trained on demand, or the
 * checkpoints of {@code train} runs. Loaded only when a lineup names OSI, so a checkpoint given for nothing is not
 * read.
 */
public final class OsiWeights {

    private static final Logger LOG = LoggerFactory.getLogger(OsiWeights.class);
    private static final String HIDDEN_SIZES = "edgegen.learner.hidden-sizes";
    private static final String HEAD_EXPERTS = "edgegen.learner.head-experts";
    private static final String EXPERT_SCOPE = "edgegen.learner.expert-scope";
    private static final String FINISH_FEATURES = "edgegen.mdp.finish-features";
    private static final String LOAD_FEATURES = "edgegen.mdp.load-features";
    private static final String RATE_FEATURE = "edgegen.mdp.rate-feature";
    private static final String PRIOR = "edgegen.mdp.prior";

    private final Function<LoadedScenario, Optional<PolicySnapshot>> source;

    private OsiWeights(Function<LoadedScenario, Optional<PolicySnapshot>> source) {
        this.source = source;
    }

    /** No trained weights: a lineup naming OSI is refused. */
    public static OsiWeights none() {
        return new OsiWeights(loaded -> Optional.empty());
    }

    public static OsiWeights of(PolicySnapshot snapshot) {
        return new OsiWeights(loaded -> Optional.of(snapshot));
    }

    /** Weights made (e.g. trained) only when a lineup names OSI. */
    public static OsiWeights lazily(Supplier<PolicySnapshot> training) {
        return new OsiWeights(loaded -> Optional.of(training.get()));
    }

    /**
     * The actor of a checkpoint (a train run's directory, its checkpoints/ or one checkpoint); of several validated
     * ones ({@code checkpoints/best} of runs validated alike), the one with the lowest validation cost. Warns when
     * {@code playSeed} is the seed the weights were trained or chosen on. No checkpoint: none.
     */
    public static OsiWeights fromCheckpoints(List<Path> checkpoints, long playSeed) {
        if (checkpoints.isEmpty()) {
            return none();
        }
        return new OsiWeights(loaded -> Optional.of(load(checkpoints.size() == 1 ? checkpoints.get(0)
                : bestValidated(checkpoints), loaded, playSeed)));
    }

    /** The weights for {@code loaded}, if any were given. */
    Optional<PolicySnapshot> load(LoadedScenario loaded) {
        return source.apply(loaded);
    }

    /** The actor of an existing train run or checkpoint. */
    public static PolicySnapshot restore(LoadedScenario loaded, Path checkpoint) {
        return restore(loaded, TrainingCheckpoints.find(checkpoint));
    }

    /**
     * The actor of a train run or checkpoint, restored against the scenario it was trained on (recorded in its
     * progress file), so that it can be played on another scenario with the same observation and action heads:
     * the critic, whose input grows with the cells, is not needed to act.
     */
    public static PolicySnapshot restoreActor(Path checkpoint) {
        Checkpoint found = TrainingCheckpoints.find(checkpoint);
        PolicySnapshot snapshot = restore(TrainingCheckpoints.scenarioOf(found), found);
        LOG.info("{} version {} from {}", NeuralPolicy.NAME, snapshot.version(), found.dir());
        return snapshot;
    }

    /** A short fingerprint of an actor's weights, so that a retrained checkpoint in the same place is told apart. */
    public static String fingerprint(PolicySnapshot snapshot) {
        int hash = 1;
        for (float[] layer : snapshot.weights()) {
            hash = 31 * hash + Arrays.hashCode(layer);
        }
        for (float[] layer : snapshot.biases()) {
            hash = 31 * hash + Arrays.hashCode(layer);
        }
        return Integer.toHexString(hash);
    }

    /**
     * The checkpoint's actor, played with its own network. A scenario whose {@code edgegen.learner.hidden-sizes}
     * names another network is refused, so that the config.conf of the run that plays it tells the network played;
     * so is one whose {@code edgegen.learner.head-experts} or {@code edgegen.learner.expert-scope} differs from the
     * checkpoint's.
     */
    static PolicySnapshot restore(LoadedScenario loaded, Checkpoint found) {
        try (PpoTrainer trainer = PpoTrainer.restored(SystemModel.of(loaded.scenario()), loaded.learner(),
                found.dir())) {
            List<Integer> trained = trainer.settings().hiddenSizes();
            List<Integer> asked = loaded.learner().hiddenSizes();
            if (!trained.equals(asked)) {
                throw new InputException(HIDDEN_SIZES + " = " + asked + " differs from the network of the "
                        + "checkpoint in " + found.dir() + ", " + trained + ": a checkpoint is played with its own "
                        + "network; pass --set " + HIDDEN_SIZES + "=" + trained.toString().replace(" ", "")
                        + " or drop the --set");
            }
            int trainedExperts = trainer.settings().headExperts();
            int askedExperts = loaded.learner().headExperts();
            if (trainedExperts != askedExperts) {
                throw new InputException(HEAD_EXPERTS + " = " + askedExperts + " differs from the checkpoint in "
                        + found.dir() + ", trained with " + trainedExperts + ": a checkpoint is played with its own "
                        + "network; pass --set " + HEAD_EXPERTS + "=" + trainedExperts
                        + (trainedExperts == 1 ? " or drop the --set" : ""));
            }
            String trainedScope = trainer.settings().expertScope().configName();
            String askedScope = loaded.learner().expertScope().configName();
            if (!trainedScope.equals(askedScope)) {
                throw new InputException(EXPERT_SCOPE + " = " + askedScope + " differs from the checkpoint in "
                        + found.dir() + ", trained with " + trainedScope + ": a checkpoint is played with its own "
                        + "network; pass --set " + EXPERT_SCOPE + "=" + trainedScope
                        + (trainer.settings().expertTrunks() ? "" : " or drop the --set"));
            }
            return trainer.snapshot();
        }
    }

    private static PolicySnapshot load(Path checkpoint, LoadedScenario loaded, long seed) {
        Checkpoint found = TrainingCheckpoints.find(checkpoint);
        found.progress().filter(p -> p.seed() == seed).ifPresent(p -> LOG.warn(
                "--seed {} is the seed the policy was trained with: its first {} episodes are training episodes",
                seed, p.episodesDone()));
        TrainingCheckpoints.validationOf(found.dir()).filter(v -> v.validationSeed() == seed).ifPresent(v -> LOG.warn(
                "--seed {} is the validation seed this checkpoint was chosen on: its first {} episodes are not unseen",
                seed, v.validationEpisodes()));
        found.progress().flatMap(p -> otherStepMask(p, loaded, found.dir())).ifPresent(LOG::warn);
        found.progress().ifPresent(p -> {
            checkFinishFeatures(p, loaded, found.dir());
            checkLoadFeatures(p, loaded, found.dir());
            checkRateFeature(p, loaded, found.dir());
            checkPrior(p, loaded, found.dir());
        });
        PolicySnapshot snapshot = restore(loaded, found);
        LOG.info("{} version {} from {}", NeuralPolicy.NAME, snapshot.version(), found.dir());
        return snapshot;
    }

    /**
     * A policy trained with {@code edgegen.mdp.mask-steps-below-min} on and played with it off takes step counts
     * it never learned about (and the other way round it loses choices it relied on): the warning to log, since a
     * user may mean it. A checkpoint whose recorded scenario no longer loads says nothing here.
     */
    static Optional<String> otherStepMask(TrainingCheckpoints.Progress progress, LoadedScenario loaded, Path dir) {
        boolean played = loaded.scenario().mdp().maskStepsBelowMin();
        boolean trained;
        try {
            trained = progress.loadScenario().scenario().mdp().maskStepsBelowMin();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (trained == played) {
            return Optional.empty();
        }
        return Optional.of("the policy in " + dir + " was trained with edgegen.mdp.mask-steps-below-min = "
                + (trained ? "on" : "off") + " and is played with " + (played ? "on" : "off") + ": expect "
                + (trained ? "step counts below c^min it never learned about (quality violations)"
                        : "a policy that relied on step counts now masked"));
    }

    /**
     * A policy reads the observation it was trained on: one trained with {@code edgegen.mdp.finish-features} on
     * cannot be played with it off, nor the other way round. A checkpoint whose recorded scenario no longer loads
     * says nothing here (the network's shape check still refuses it).
     */
    static void checkFinishFeatures(TrainingCheckpoints.Progress progress, LoadedScenario loaded, Path dir) {
        checkFeatureSwitch(FINISH_FEATURES, Scenario.MdpParams::finishFeatures, progress, loaded, dir);
    }

    /**
     * The same for {@code edgegen.mdp.load-features}: a policy trained with the home cell's load in its observation
     * is played only with it, and one trained without it only without it.
     */
    static void checkLoadFeatures(TrainingCheckpoints.Progress progress, LoadedScenario loaded, Path dir) {
        checkFeatureSwitch(LOAD_FEATURES, Scenario.MdpParams::loadFeatures, progress, loaded, dir);
    }

    /** The same for {@code edgegen.mdp.rate-feature}, the arrival probability p_a in the observation. */
    static void checkRateFeature(TrainingCheckpoints.Progress progress, LoadedScenario loaded, Path dir) {
        checkFeatureSwitch(RATE_FEATURE, Scenario.MdpParams::rateFeature, progress, loaded, dir);
    }

    /** Refuses a checkpoint trained with the on/off feature group {@code key} set otherwise than it is played. */
    private static void checkFeatureSwitch(String key, java.util.function.Predicate<Scenario.MdpParams> on,
            TrainingCheckpoints.Progress progress, LoadedScenario loaded, Path dir) {
        boolean played = on.test(loaded.scenario().mdp());
        boolean trained;
        try {
            trained = on.test(progress.loadScenario().scenario().mdp());
        } catch (RuntimeException e) {
            return;
        }
        if (trained != played) {
            throw new InputException(key + " = " + (played ? "on" : "off") + " differs from the "
                    + "checkpoint in " + dir + ", trained with " + (trained ? "on" : "off") + ": a checkpoint reads "
                    + "the observation it was trained on; pass --set " + key + "="
                    + (trained ? "on" : "off") + (trained ? "" : " or drop the --set"));
        }
    }

    /**
     * A policy trained on a prior's choice ({@code edgegen.mdp.prior}, with its {@code prior-weight}) adds it to its
     * logits: played with another prior, or none, it is another policy. Refused, as for the finish features.
     */
    static void checkPrior(TrainingCheckpoints.Progress progress, LoadedScenario loaded, Path dir) {
        MdpParams played = loaded.scenario().mdp();
        MdpParams trained;
        try {
            trained = progress.loadScenario().scenario().mdp();
        } catch (RuntimeException e) {
            return;
        }
        if (!trained.prior().equals(played.prior())) {
            throw new InputException(PRIOR + " = " + played.prior() + " differs from the checkpoint in " + dir
                    + ", trained with " + trained.prior() + ": a checkpoint adds the prior it was trained with to its "
                    + "logits; pass --set " + PRIOR + "=" + trained.prior());
        }
        if (trained.hasPrior() && trained.priorWeight() != played.priorWeight()) {
            throw new InputException(PRIOR + "-weight = " + played.priorWeight() + " differs from the checkpoint in "
                    + dir + ", trained with " + trained.priorWeight() + "; pass --set " + PRIOR + "-weight="
                    + trained.priorWeight());
        }
    }

    /**
     * Of several validated checkpoints, the one with the lowest validation cost (the first of equals). Anything
     * else is a user error.
     */
    private static Path bestValidated(List<Path> checkpoints) {
        Path best = null;
        TrainingCheckpoints.Validation bestValidation = null;
        for (Path path : checkpoints) {
            Checkpoint found = TrainingCheckpoints.find(path);
            TrainingCheckpoints.Validation v = TrainingCheckpoints.validationOf(found.dir()).orElseThrow(() ->
                    new InputException("--checkpoint " + path + " has no " + TrainingCheckpoints.VALIDATION_FILE
                            + ": to choose among several checkpoints, pass the checkpoints/best of runs trained "
                            + "with --validation-seed"));
            if (bestValidation != null && (v.validationSeed() != bestValidation.validationSeed()
                    || v.validationEpisodes() != bestValidation.validationEpisodes())) {
                throw new InputException("--checkpoint " + path + " was validated on " + v.validationEpisodes()
                        + " episodes of seed " + v.validationSeed() + ", " + best + " on "
                        + bestValidation.validationEpisodes() + " of seed " + bestValidation.validationSeed()
                        + "; choose among runs validated alike");
            }
            LOG.info("{}: validation mean cost {} after {} episodes", found.dir(), v.meanCost(), v.episodesDone());
            if (bestValidation == null || v.meanCost() < bestValidation.meanCost()) {
                best = found.dir();
                bestValidation = v;
            }
        }
        LOG.info("playing {}, the lowest validation cost of {} checkpoints", best, checkpoints.size());
        return best;
    }
}
