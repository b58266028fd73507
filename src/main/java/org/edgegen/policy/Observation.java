package org.edgegen.policy;

import java.util.List;
import java.util.Optional;
import org.edgegen.model.Scenario;
import org.edgegen.model.Scenario.MdpParams;
import org.edgegen.model.task.Task;

/**
 * The local state s_n(l) one agent sees (SYSTEM-MODEL §7), raw and as the normalised feature vector its
 * network reads. Vector layout ({@link #featureCount(int)} = 7 + 5·maxCandidates, 42 by default):
 * <ol>
 *   <li>B_n / 5 Mbit (0 without a task)</li>
 *   <li>Q^U_n / T_ref, clipped to [0, 3]</li>
 *   <li>(1/τ^U_n) / 5 steps/s</li>
 *   <li>per candidate slot (home, then neighbours in angular order, padded): present bit, (Q_s/μ_s)/T_ref,
 *       μ_s/52, R^BH_{h,s}/500 Mbit/s (0 for home), last-slot arrivals / N</li>
 *   <li>(10 log10 g_{n,h} + 110) / 30</li>
 *   <li>has-task flag, ε^max_n, T^max_n / T_ref</li>
 *   <li>with {@code edgegen.mdp.finish-features = on}: the user's own estimate of its finish time T_n for a task
 *       of c^min_n steps, on the device and then at every candidate slot, each / T_ref clipped to [0, 3] (0 without
 *       a task and for padding); 1 + maxCandidates more features, 50 by default</li>
 *   <li>with {@code edgegen.mdp.load-features = on}: the absolute load of the user's home cell h, as its BS knows
 *       it: N_h / 10 users (the users whose home is h), N_h·p_a / 5 tasks (their expected requests per slot) and
 *       the tasks that reached h in the last slot / 5 (not / N); {@link #LOAD_FEATURES} more features</li>
 *   <li>with {@code edgegen.mdp.rate-feature = on}: the task arrival probability p_a (the episode's), as is; 1 more
 *       feature</li>
 *   <li>with {@code edgegen.mdp.prior} other than none: the prior baseline's choice, one feature per logit of
 *       the actor's heads (x, then y, then c), {@code mdp.prior-weight} for the option it takes and 0 for the
 *       others (all 0 without a task, and y's all 0 when it stays local); 2 + maxCandidates + |C| more features</li>
 * </ol>
 */
public final class Observation {

    /** Normaliser of B_n, in bits. */
    public static final double INPUT_BITS_SCALE = 5e6;
    /** Upper clip of the normalised local backlog. */
    public static final double BACKLOG_CLIP = 3.0;
    /** Normaliser of the device speed, in steps/s. */
    public static final double DEVICE_SPEED_SCALE = 5.0;
    /** Normaliser of μ_s, in image-steps/s (an A100). */
    public static final double THROUGHPUT_SCALE = 52.0;
    /** Normaliser of backhaul rates, in bit/s. */
    public static final double BACKHAUL_SCALE = 500e6;
    /** Offset and scale of the home gain in dB. */
    public static final double GAIN_OFFSET_DB = 110.0;
    public static final double GAIN_SCALE_DB = 30.0;
    /** Features per candidate slot. */
    public static final int PER_CANDIDATE = 5;
    /** Normaliser of N_h, the users of the home cell (load features). */
    public static final double HOME_USERS_SCALE = 10.0;
    /** Normaliser of N_h·p_a, the home cell's expected requests per slot, in tasks (load features). */
    public static final double HOME_REQUESTS_SCALE = 5.0;
    /** Normaliser of the home server's last-slot arrivals, in tasks (load features; not divided by N). */
    public static final double HOME_ARRIVALS_SCALE = 5.0;
    /** Number of load features ({@code edgegen.mdp.load-features}). */
    public static final int LOAD_FEATURES = 3;
    /** Number of rate features ({@code edgegen.mdp.rate-feature}): p_a. */
    public static final int RATE_FEATURES = 1;

    private final int userId;
    private final Optional<Task> task;
    private final double localBacklogSeconds;
    private final double deviceStepSeconds;
    private final double homeGain;
    private final List<CandidateView> candidates;
    private final int minSteps;
    private final ActionMask mask;
    private final double[] features;

    Observation(int userId, Optional<Task> task, double localBacklogSeconds, double deviceStepSeconds,
            double homeGain, List<CandidateView> candidates, int minSteps, ActionMask mask, double[] features) {
        this.userId = userId;
        this.task = task;
        this.localBacklogSeconds = localBacklogSeconds;
        this.deviceStepSeconds = deviceStepSeconds;
        this.homeGain = homeGain;
        this.candidates = List.copyOf(candidates);
        this.minSteps = minSteps;
        this.mask = mask;
        this.features = features;
    }

    /** Upper clip of a normalised finish-time estimate. */
    public static final double FINISH_CLIP = 3.0;

    /** Length of the feature vector for {@code maxCandidates} candidate slots, without the finish-time features. */
    public static int featureCount(int maxCandidates) {
        return 3 + PER_CANDIDATE * maxCandidates + 1 + 3;
    }

    /** Length of the feature vector, with the finish-time features when {@code finishFeatures}. */
    public static int featureCount(int maxCandidates, boolean finishFeatures) {
        return featureCount(maxCandidates) + (finishFeatures ? 1 + maxCandidates : 0);
    }

    /** Length of the feature vector, with the finish-time and the load features when asked (no prior). */
    public static int featureCount(int maxCandidates, boolean finishFeatures, boolean loadFeatures) {
        return featureCount(maxCandidates, finishFeatures) + (loadFeatures ? LOAD_FEATURES : 0);
    }

    /** Length of the feature vector, with the finish-time, load and rate features when asked (no prior). */
    public static int featureCount(int maxCandidates, boolean finishFeatures, boolean loadFeatures,
            boolean rateFeature) {
        return featureCount(maxCandidates, finishFeatures, loadFeatures) + (rateFeature ? RATE_FEATURES : 0);
    }

    /** Length of the feature vector the scenario gives: with the finish-time, load and prior features when on. */
    public static int featureCount(Scenario scenario) {
        MdpParams mdp = scenario.mdp();
        return featureCount(mdp.maxCandidates(), mdp.finishFeatures(), mdp.loadFeatures(), mdp.rateFeature())
                + (mdp.hasPrior() ? priorFeatureCount(mdp.maxCandidates(), scenario.diffusion().size()) : 0);
    }

    /**
     * The prior's features: one per logit of the actor's heads, in their order (x: local, offload; y: the
     * {@code maxCandidates} candidate slots; c: the {@code stepChoices} step counts).
     */
    public static int priorFeatureCount(int maxCandidates, int stepChoices) {
        return 2 + maxCandidates + stepChoices;
    }

    /** Where the prior's features start in the scenario's vector (they are its last ones), or -1 without a prior. */
    public static int priorAt(Scenario scenario) {
        MdpParams mdp = scenario.mdp();
        return mdp.hasPrior()
                ? featureCount(mdp.maxCandidates(), mdp.finishFeatures(), mdp.loadFeatures(), mdp.rateFeature())
                : -1;
    }

    /** Where the load features start in the scenario's vector (after the finish-time features), or -1 without them. */
    public static int loadAt(Scenario scenario) {
        MdpParams mdp = scenario.mdp();
        return mdp.loadFeatures() ? featureCount(mdp.maxCandidates(), mdp.finishFeatures()) : -1;
    }

    /**
     * Where the rate feature p_a sits in the scenario's vector (after the finish-time and load features, before the
     * prior's), or -1 without it.
     */
    public static int rateAt(Scenario scenario) {
        MdpParams mdp = scenario.mdp();
        return mdp.rateFeature() ? featureCount(mdp.maxCandidates(), mdp.finishFeatures(), mdp.loadFeatures()) : -1;
    }

    public int userId() {
        return userId;
    }

    public Optional<Task> task() {
        return task;
    }

    public boolean hasTask() {
        return task.isPresent();
    }

    public double localBacklogSeconds() {
        return localBacklogSeconds;
    }

    public double deviceStepSeconds() {
        return deviceStepSeconds;
    }

    /** g_{n,h(n)}(l), linear. */
    public double homeGain() {
        return homeGain;
    }

    /** S_n as observed: home first, then neighbours. */
    public List<CandidateView> candidates() {
        return candidates;
    }

    /** |S_n|, the number of candidates observed. */
    public int candidateCount() {
        return candidates.size();
    }

    /** c^min_n of the current task (the largest step count without a task). */
    public int minSteps() {
        return minSteps;
    }

    public ActionMask mask() {
        return mask;
    }

    /** A copy of the normalised feature vector. */
    public double[] features() {
        return features.clone();
    }

    /** Feature i without copying. */
    public double feature(int index) {
        return features[index];
    }

    public int featureCount() {
        return features.length;
    }
}
