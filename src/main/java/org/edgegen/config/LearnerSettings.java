package org.edgegen.config;

import static org.edgegen.config.Bound.atLeast;
import static org.edgegen.config.Bound.closed;
import static org.edgegen.config.Bound.nonNegative;
import static org.edgegen.config.Bound.openClosed;
import static org.edgegen.config.Bound.positive;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.typesafe.config.Config;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The hyper-parameters of the OSI learner, MAPPO with PPO clipping and GAE(λ) ({@code edgegen.learner}).
 *
 * @param hiddenSizes          sizes of the hidden tanh layers of the actor and of the critic
 * @param critic               what the critic sees: every BS's state too (MAPPO), also with the slot's task count
 *                             of the network, or the local observation (IPPO)
 * @param learningRate         Adam's learning rate
 * @param clip                 PPO clip range ε of the probability ratio
 * @param valueCoef            weight of the value loss
 * @param entropyCoef          weight of the entropy bonus
 * @param maxGradNorm          gradients are rescaled to at most this global norm
 * @param gaeLambda            λ of GAE(λ)
 * @param epochs               passes over a batch per update
 * @param minibatchSize        transitions per gradient step
 * @param normaliseAdvantages  whether advantages are standardised over the batch before an update
 * @param annealUpdates        updates over which the learning rate and the entropy weight move linearly from their
 *                             initial to their final values (held there afterwards); 0 = constant
 * @param learningRateFinal    the learning rate after {@code annealUpdates} updates
 * @param entropyCoefFinal     the entropy weight after {@code annealUpdates} updates
 * @param discount             γ of GAE per decision of a user; null = the model's {@code edgegen.mdp.discount}
 * @param execution            how the trained policy acts outside training; null (older checkpoints) = greedy
 * @param episodesPerUpdate    episodes of experience gathered with one policy version before one PPO update
 *                             (0 in older checkpoints = 1)
 * @param valueNormalisation   whether the critic learns normalised returns (a running mean and variance, MAPPO's
 *                             ValueNorm); null (older checkpoints) = off
 * @param warmStart            the decentralised baseline the actor imitates before PPO ({@link #NO_WARM_START} =
 *                             none); null (older checkpoints) = none
 * @param warmStartEpisodes    episodes of the baseline's play that the warm start learns from
 * @param warmStartEpochs      passes of behaviour cloning over those episodes
 * @param credit               the reward PPO learns from: the seed's shared one, or the marginal credit; null
 *                             (older checkpoints) = shared
 * @param executionTemperature with {@code execution = sample}, the played policy draws from its head
 *                             distributions with the logits divided by this (1 = as trained, towards 0 = greedy);
 *                             0 (older checkpoints) = 1
 * @param executionPrecision   the arithmetic of the played policy's forward pass (training always uses double);
 *                             null (older checkpoints) = double
 * @param advantageNormalisation the transitions over which advantages are standardised when
 *                             {@code normaliseAdvantages} holds: the whole batch, or each episode on its own; null
 *                             (older checkpoints) = the batch
 * @param headExperts          K, the linear experts of each head of the actor, mixed by a softmax gate on the
 *                             observation's load (and rate) features ({@code edgegen.learner.head-experts}); 1 = one
 *                             linear head each, as before the key existed (0 in older checkpoints = 1; not written
 *                             when 1, so checkpoints without experts are as before)
 * @param expertScope          with K > 1, what each expert is ({@code edgegen.learner.expert-scope}): HEAD = a linear
 *                             map of the shared last hidden layer, TRUNK = a whole actor (its own hidden layers and
 *                             heads); null (older checkpoints) = HEAD, which is not written
 */
public record LearnerSettings(
        List<Integer> hiddenSizes,
        CriticMode critic,
        double learningRate,
        double clip,
        double valueCoef,
        double entropyCoef,
        double maxGradNorm,
        double gaeLambda,
        int epochs,
        int minibatchSize,
        boolean normaliseAdvantages,
        int annealUpdates,
        double learningRateFinal,
        double entropyCoefFinal,
        Double discount,
        Execution execution,
        int episodesPerUpdate,
        ValueNormalisation valueNormalisation,
        String warmStart,
        int warmStartEpisodes,
        int warmStartEpochs,
        Credit credit,
        double executionTemperature,
        ExecutionPrecision executionPrecision,
        AdvantageNormalisation advantageNormalisation,
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = SingleExpert.class) int headExperts,
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = HeadScope.class) ExpertScope expertScope) {

    /** Largest number of experts per head ({@code edgegen.learner.head-experts}). */
    public static final int MAX_HEAD_EXPERTS = 8;

    /** Jackson's filter that leaves out {@code headExperts} of 1 (or 0): a setting of one expert is not written. */
    public static final class SingleExpert {
        @Override
        public boolean equals(Object value) {
            return value instanceof Integer k && k <= 1;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }

    /** Jackson's filter that leaves out an {@code expertScope} of HEAD (or null): the default is not written. */
    public static final class HeadScope {
        @Override
        public boolean equals(Object value) {
            return value == null || value == ExpertScope.HEAD;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }

    /** What each of the K experts is ({@code edgegen.learner.expert-scope}). */
    public enum ExpertScope {
        /** A linear map of the shared last hidden layer, per head. */
        HEAD,
        /** A whole actor: its own hidden tanh layers and linear heads. */
        TRUNK;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The reward each decision is credited with while training (the reported reward is always the seed's). */
    public enum Credit {
        /** The seed's r_n = -(mean cost of the slot's active users) - r^P_n. */
        SHARED,
        /**
         * r_n = -(C_n + X_n) - r^P_n: the user's own cost and penalty plus X_n, the delay its task's image-steps add
         * to the later user tasks of its server, priced at their {@code CostModel#delayCostPerSecond}.
         */
        MARGINAL,
        /**
         * MARGINAL, with X_n also holding the upload delay the task's share of its cell's uplink band adds to the
         * cell's other offloaders of the slot.
         */
        MARGINAL_RADIO;

        public String configName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The word of {@code edgegen.learner.warm-start} for no warm start. */
    public static final String NO_WARM_START = "none";

    /** Whether the critic's targets are normalised. */
    public enum ValueNormalisation {
        /** The critic regresses the raw returns. */
        OFF,
        /** The critic regresses returns standardised by a running mean and variance of all returns seen. */
        RUNNING;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Over which transitions the advantages are standardised before an update, when {@code normalise-advantages} is
     * on ({@code edgegen.learner.advantage-normalisation}).
     */
    public enum AdvantageNormalisation {
        /** To mean 0 and standard deviation 1 over the whole batch (every episode of the update together). */
        BATCH,
        /**
         * To mean 0 and standard deviation 1 within each episode of the batch, so that an episode of large costs
         * (heavy load) does not outweigh one of small costs in the policy gradient.
         */
        EPISODE,
        /**
         * As {@link #EPISODE}, then each episode's advantages scaled by (transitions of the batch / episodes of the
         * batch) / (transitions of that episode), so that every episode carries the same total weight in the policy
         * loss whatever its number of decisions (the clipped surrogate is linear in a positive scale of A).
         */
        EPISODE_WEIGHTED;

        public String configName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** How the trained policy picks its actions when it is played, not trained. */
    public enum Execution {
        /** The most probable choice of each head. */
        GREEDY,
        /** A draw from the user's own policy stream (seed, episode, user, slot), as while training. */
        SAMPLE;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The arithmetic of the played policy's forward pass ({@code edgegen.learner.execution-precision}). */
    public enum ExecutionPrecision {
        /** Doubles with fdlibm's tanh, as training plays. */
        DOUBLE,
        /** float32 with a rational tanh, in vectorised loops: faster, equal to DOUBLE to about float precision. */
        FLOAT;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The word of {@code edgegen.learner.discount} for the model's discount. */
    public static final String MODEL_DISCOUNT = "model";

    /** Largest number of hidden layers and largest layer. */
    public static final int MAX_HIDDEN_LAYERS = 4;
    public static final int MAX_LAYER_SIZE = 1024;

    /** The critic's input. */
    public enum CriticMode {
        /** Own observation plus every BS's state (MAPPO, centralised training). */
        CENTRALISED,
        /** As CENTRALISED, plus the number of tasks in the whole network that slot. */
        CENTRALISED_TASKS,
        /** Own observation only (IPPO, the ablation). */
        LOCAL;

        /** The word used in configuration files. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** Whether the critic reads a global state beyond the agent's observation. */
        public boolean centralised() {
            return this != LOCAL;
        }

        /** Whether the global state ends with the slot's task count of the whole network. */
        public boolean readsSlotTasks() {
            return this == CENTRALISED_TASKS;
        }
    }

    public LearnerSettings {
        hiddenSizes = List.copyOf(hiddenSizes);
        // older checkpoints lack the later fields: they read as today's behaviour
        episodesPerUpdate = episodesPerUpdate == 0 ? 1 : episodesPerUpdate;
        valueNormalisation = valueNormalisation == null ? ValueNormalisation.OFF : valueNormalisation;
        warmStart = warmStart == null ? NO_WARM_START : warmStart;
        credit = credit == null ? Credit.SHARED : credit;
        executionPrecision = executionPrecision == null ? ExecutionPrecision.DOUBLE : executionPrecision;
        advantageNormalisation = advantageNormalisation == null ? AdvantageNormalisation.BATCH
                : advantageNormalisation;
        headExperts = headExperts == 0 ? 1 : headExperts;
        if (headExperts < 1 || headExperts > MAX_HEAD_EXPERTS) {
            throw new IllegalArgumentException("head experts must be 1.." + MAX_HEAD_EXPERTS + ": " + headExperts);
        }
        expertScope = expertScope == null ? ExpertScope.HEAD : expertScope;
        if (expertScope == ExpertScope.TRUNK && headExperts == 1) {
            throw new IllegalArgumentException("expert scope trunk needs head experts > 1");
        }
        if (episodesPerUpdate < 1 || warmStartEpisodes < 0 || warmStartEpochs < 0) {
            throw new IllegalArgumentException("episodes per update must be >= 1 and the warm start's episodes and"
                    + " epochs >= 0: " + episodesPerUpdate + ", " + warmStartEpisodes + ", " + warmStartEpochs);
        }
        if (discount != null && !(discount >= 0 && discount < 1)) {
            throw new IllegalArgumentException("discount must be in [0, 1): " + discount);
        }
        Objects.requireNonNull(critic, "critic");
        if (hiddenSizes.isEmpty() || hiddenSizes.size() > MAX_HIDDEN_LAYERS
                || hiddenSizes.stream().anyMatch(h -> h < 1 || h > MAX_LAYER_SIZE)) {
            throw new IllegalArgumentException("hidden sizes must be 1 to " + MAX_HIDDEN_LAYERS + " integers in 1.."
                    + MAX_LAYER_SIZE + ": " + hiddenSizes);
        }
    }

    /** Constant learning rate and entropy weight (no annealing). */
    public LearnerSettings(List<Integer> hiddenSizes, CriticMode critic, double learningRate, double clip,
            double valueCoef, double entropyCoef, double maxGradNorm, double gaeLambda, int epochs, int minibatchSize,
            boolean normaliseAdvantages) {
        this(hiddenSizes, critic, learningRate, clip, valueCoef, entropyCoef, maxGradNorm, gaeLambda, epochs,
                minibatchSize, normaliseAdvantages, 0, learningRate, entropyCoef, null, Execution.GREEDY, 1,
                ValueNormalisation.OFF, NO_WARM_START, 0, 0, Credit.SHARED, 1.0, ExecutionPrecision.DOUBLE,
                AdvantageNormalisation.BATCH, 1, ExpertScope.HEAD);
    }

    /** The same settings with {@code k} experts per head. */
    public LearnerSettings withHeadExperts(int k) {
        return new LearnerSettings(hiddenSizes, critic, learningRate, clip, valueCoef, entropyCoef, maxGradNorm,
                gaeLambda, epochs, minibatchSize, normaliseAdvantages, annealUpdates, learningRateFinal,
                entropyCoefFinal, discount, execution, episodesPerUpdate, valueNormalisation, warmStart,
                warmStartEpisodes, warmStartEpochs, credit, executionTemperature, executionPrecision,
                advantageNormalisation, k, k == 1 ? ExpertScope.HEAD : expertScope);
    }

    /** The same settings with {@code k} experts of the given scope. */
    public LearnerSettings withExperts(int k, ExpertScope scope) {
        return new LearnerSettings(hiddenSizes, critic, learningRate, clip, valueCoef, entropyCoef, maxGradNorm,
                gaeLambda, epochs, minibatchSize, normaliseAdvantages, annealUpdates, learningRateFinal,
                entropyCoefFinal, discount, execution, episodesPerUpdate, valueNormalisation, warmStart,
                warmStartEpisodes, warmStartEpochs, credit, executionTemperature, executionPrecision,
                advantageNormalisation, k, scope);
    }

    /** Whether each expert is a whole actor ({@code expert-scope = trunk}). */
    public boolean expertTrunks() {
        return expertScope == ExpertScope.TRUNK;
    }

    /** Whether each head is a gated mixture of experts ({@code head-experts} > 1). */
    public boolean mixesHeadExperts() {
        return headExperts > 1;
    }

    /** Whether the actor imitates a baseline before PPO. */
    public boolean warmStarts() {
        return !NO_WARM_START.equals(warmStart) && warmStartEpisodes > 0 && warmStartEpochs > 0;
    }

    /** Whether each decision is credited with its marginal cost rather than the slot's shared mean cost. */
    public boolean creditsMarginally() {
        return credit == Credit.MARGINAL || credit == Credit.MARGINAL_RADIO;
    }

    /** Whether the marginal credit also charges a task's share of its cell's uplink band. */
    public boolean creditsUplinkShare() {
        return credit == Credit.MARGINAL_RADIO;
    }

    /** Whether advantages are standardised within each episode of a batch rather than over the whole batch. */
    public boolean standardisesAdvantagesPerEpisode() {
        return normaliseAdvantages && advantageNormalisation != AdvantageNormalisation.BATCH;
    }

    /** Whether each episode of a batch then gets the same total weight in the policy loss ({@code episode-weighted}). */
    public boolean weighsEpisodesEqually() {
        return normaliseAdvantages && advantageNormalisation == AdvantageNormalisation.EPISODE_WEIGHTED;
    }

    /** Whether the critic regresses normalised returns. */
    public boolean normalisesValues() {
        return valueNormalisation == ValueNormalisation.RUNNING;
    }

    /** The same settings, played as {@code other} plays (its execution, temperature and precision). */
    public LearnerSettings withPlay(LearnerSettings other) {
        return new LearnerSettings(hiddenSizes, critic, learningRate, clip, valueCoef, entropyCoef, maxGradNorm,
                gaeLambda, epochs, minibatchSize, normaliseAdvantages, annealUpdates, learningRateFinal,
                entropyCoefFinal, discount, other.execution, episodesPerUpdate, valueNormalisation, warmStart,
                warmStartEpisodes, warmStartEpochs, credit, other.executionTemperature, other.executionPrecision,
                advantageNormalisation, headExperts, expertScope);
    }

    /** The temperature of sampled play (1 for older checkpoints, which did not record it). */
    public double playTemperature() {
        return executionTemperature > 0 ? executionTemperature : 1.0;
    }

    /** Whether the played policy's forward pass is in float32 ({@code execution-precision = float}). */
    public boolean playsInFloat() {
        return executionPrecision == ExecutionPrecision.FLOAT;
    }

    /** Whether the trained policy samples its actions when played (evaluate, simulate, validation). */
    public boolean samplesWhenPlayed() {
        return execution == Execution.SAMPLE;
    }

    /** γ of the advantages: {@code discount}, or the model's when it is null. */
    public double discountOr(double modelDiscount) {
        return discount == null ? modelDiscount : discount;
    }

    /** Whether the learning rate and entropy weight change with the updates. */
    public boolean anneals() {
        return annealUpdates > 0;
    }

    /** The learning rate of update {@code update} (0 = the first). */
    public double learningRateAt(long update) {
        return annealed(learningRate, learningRateFinal, update);
    }

    /** The entropy weight of update {@code update} (0 = the first). */
    public double entropyCoefAt(long update) {
        return annealed(entropyCoef, entropyCoefFinal, update);
    }

    private double annealed(double initial, double last, long update) {
        if (annealUpdates <= 0) {
            return initial;
        }
        double progress = Math.min(1.0, Math.max(0, update) / (double) annealUpdates);
        return initial + (last - initial) * progress;
    }

    /** The baselines a warm start may imitate (decentralised, so that the actor can see what they see). */
    public static final List<String> WARM_START_CHOICES = List.of(NO_WARM_START, "least-finish-min", "least-finish",
            "least-loaded", "greedy-local");

    /** The defaults of reference.conf. */
    public static LearnerSettings defaults() {
        return read(ScenarioLoader.reference());
    }

    static LearnerSettings read(Config resolved) {
        ConfigReader in = new ConfigReader(resolved, KnownKeys.ROOT + ".learner");
        List<Integer> hidden = in.integers("hidden-sizes", closed(1, MAX_LAYER_SIZE));
        if (hidden.isEmpty() || hidden.size() > MAX_HIDDEN_LAYERS) {
            throw in.outOfRange("hidden-sizes", "1 to " + MAX_HIDDEN_LAYERS + " integers, each 1.." + MAX_LAYER_SIZE);
        }
        CriticMode critic = CriticMode.valueOf(in.choice("critic", List.of("centralised", "centralised-tasks", "local"))
                .toUpperCase(Locale.ROOT).replace('-', '_'));
        int headExperts = in.integer("head-experts", closed(1, MAX_HEAD_EXPERTS));
        ExpertScope expertScope = ExpertScope.valueOf(in.choice("expert-scope", List.of("head", "trunk"))
                .toUpperCase(Locale.ROOT));
        if (expertScope == ExpertScope.TRUNK && headExperts == 1) {
            throw new ConfigurationException(KnownKeys.ROOT + ".learner.expert-scope = trunk needs "
                    + KnownKeys.ROOT + ".learner.head-experts > 1 (each of the K experts is a whole actor); pass --set "
                    + KnownKeys.ROOT + ".learner.head-experts=2 or more, or drop the expert-scope");
        }
        return new LearnerSettings(
                hidden,
                critic,
                in.number("learning-rate", openClosed(0, 1)),
                in.number("clip", new Bound(0, false, 1, false)),
                in.number("value-coef", nonNegative()),
                in.number("entropy-coef", nonNegative()),
                in.number("max-grad-norm", positive()),
                in.number("gae-lambda", closed(0, 1)),
                in.integer("epochs", closed(1, 100)),
                in.integer("minibatch-size", atLeast(1)),
                in.bool("normalise-advantages"),
                in.integer("anneal-updates", atLeast(0)),
                in.number("learning-rate-final", openClosed(0, 1)),
                in.number("entropy-coef-final", nonNegative()),
                boxed(in.numberOr("discount", MODEL_DISCOUNT, new Bound(0, true, 1, false))),
                Execution.valueOf(in.choice("execution", List.of("greedy", "sample")).toUpperCase(Locale.ROOT)),
                in.integer("episodes-per-update", closed(1, 1000)),
                ValueNormalisation.valueOf(in.choice("value-normalisation", List.of("off", "running"))
                        .toUpperCase(Locale.ROOT)),
                in.choice("warm-start", WARM_START_CHOICES),
                in.integer("warm-start-episodes", closed(0, 100_000)),
                in.integer("warm-start-epochs", closed(0, 1000)),
                Credit.valueOf(in.choice("credit", List.of("shared", "marginal", "marginal-radio"))
                        .toUpperCase(Locale.ROOT).replace('-', '_')),
                in.number("execution-temperature", new Bound(0, false, 10, true)),
                ExecutionPrecision.valueOf(in.choice("execution-precision", List.of("double", "float"))
                        .toUpperCase(Locale.ROOT)),
                AdvantageNormalisation.valueOf(in.choice("advantage-normalisation",
                        List.of("batch", "episode", "episode-weighted")).toUpperCase(Locale.ROOT).replace('-', '_')),
                headExperts,
                expertScope);
    }

    private static Double boxed(java.util.OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }
}
