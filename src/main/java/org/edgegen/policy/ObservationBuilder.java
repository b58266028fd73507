package org.edgegen.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.IntToDoubleFunction;
import java.util.function.IntUnaryOperator;
import org.edgegen.model.Scenario;
import org.edgegen.model.Scenario.MdpParams;
import org.edgegen.model.SystemModel;
import org.edgegen.model.diffusion.GpuProfile;
import org.edgegen.model.network.Deployment;
import org.edgegen.model.network.UserSite;
import org.edgegen.model.slot.SlotDraws;
import org.edgegen.model.slot.SlotState;
import org.edgegen.model.task.Task;
import org.edgegen.model.topology.Topology;
import org.edgegen.policy.baseline.GreedyLocal;
import org.edgegen.policy.baseline.LeastFinish;
import org.edgegen.policy.baseline.LeastLoaded;
import org.edgegen.policy.baseline.StepRule;

/** Builds each agent's {@link Observation} from what it can see at the start of a slot. */
public final class ObservationBuilder {

    private final SystemModel model;
    private final ActionSpace space;
    /** The user's own estimates, for the finish-time features; null when they are off. */
    private final CostEstimator estimator;
    /** The baseline whose choice the prior features hold; null without a prior. */
    private final Policy prior;
    private final int priorAt;
    /** Where the load features start; -1 when they are off. */
    private final int loadAt;
    /** Where the rate feature p_a sits; -1 when it is off. */
    private final int rateAt;

    public ObservationBuilder(SystemModel model) {
        this.model = model;
        MdpParams mdp = model.scenario().mdp();
        this.space = new ActionSpace(model.steps(), mdp.maxCandidates());
        this.estimator = mdp.finishFeatures() ? new CostEstimator(model) : null;
        this.prior = mdp.hasPrior() ? prior(mdp.prior(), space, model) : null;
        this.priorAt = Observation.priorAt(model.scenario());
        this.loadAt = Observation.loadAt(model.scenario());
        this.rateAt = Observation.rateAt(model.scenario());
    }

    /** The prior baseline {@code name} (one of edgegen.mdp.prior's choices). */
    private static Policy prior(String name, ActionSpace space, SystemModel model) {
        return switch (name) {
            case "greedy-local" -> new GreedyLocal(space, new CostEstimator(model), StepRule.MIN);
            case "least-loaded" -> new LeastLoaded(StepRule.MIN);
            default -> LeastFinish.named(name, space, new CostEstimator(model)).orElseThrow(
                    () -> new IllegalArgumentException("no prior baseline " + name));
        };
    }

    public ActionSpace actionSpace() {
        return space;
    }

    /**
     * Where the prior's features start in the vector, or -1 without a prior: the actor adds feature
     * {@code priorAt + j} to its head logit j (x's 2, then y's max-candidates, then c's |C|).
     */
    public int priorAt() {
        return priorAt;
    }

    /** What user n sees in this slot: its task, its device, its home channel and its candidate servers' load. */
    public Observation observe(Deployment deployment, SlotState state, SlotDraws draws, int user) {
        return observe(deployment, user, draws.task(user), state.userBacklogSeconds(user), draws.homeGain(user),
                state::bsBacklogImageSteps, state::lastArrivalCount);
    }

    /**
     * The same observation from the pieces a user actor holds: its own task, backlog and home gain, and the load
     * of every server as broadcast at the start of the slot.
     */
    public Observation observe(Deployment deployment, int user, Optional<Task> task, double localBacklogSeconds,
            double homeGain, IntToDoubleFunction bsBacklogImageSteps, IntUnaryOperator lastArrivalCount) {
        UserSite site = deployment.user(user);
        return of(user, task, localBacklogSeconds, site.deviceStepSeconds(), homeGain,
                candidates(deployment, site, bsBacklogImageSteps, lastArrivalCount), deployment.userCount(),
                deployment.cellPopulation(site.homeBs()));
    }

    /** What a user at {@code site} sees of its candidate servers S_n: the home BS first, then its neighbours. */
    private List<CandidateView> candidates(Deployment deployment, UserSite site,
            IntToDoubleFunction bsBacklogImageSteps, IntUnaryOperator lastArrivalCount) {
        List<Integer> servers = site.candidates();
        int homeBs = site.homeBs();
        Topology topology = model.topology();
        List<CandidateView> candidates = new ArrayList<>(servers.size());
        for (int k = 0; k < servers.size(); k++) {
            int bs = servers.get(k);
            GpuProfile gpu = model.gpu(bs);
            boolean home = bs == homeBs;
            double to;
            double from;
            if (home) {
                to = 0.0;
                from = 0.0;
            } else if (k >= 1 && k - 1 < topology.neighbourCount(homeBs) && topology.neighbourId(homeBs, k - 1) == bs) {
                // S_n lists the home's neighbours in their own order after the home: no search of the lists
                to = deployment.backhaulRateToNeighbourBitsPerSecond(homeBs, k - 1);
                from = deployment.backhaulRateFromNeighbourBitsPerSecond(homeBs, k - 1);
            } else {
                to = deployment.backhaulRateBitsPerSecond(homeBs, bs);
                from = deployment.backhaulRateBitsPerSecond(bs, homeBs);
            }
            candidates.add(new CandidateView(bs, home, bsBacklogImageSteps.applyAsDouble(bs),
                    gpu.throughputImageStepsPerSecond(), gpu.stepSeconds(1), to, from, lastArrivalCount.applyAsInt(bs)));
        }
        return candidates;
    }

    /**
     * Every user's observation of a slot in the form the bridge's packed layout sends, for less work than
     * {@link #observe} for every user: a user with a task is observed by {@link #observe}; a user without one, whose
     * features hold no task and no finish-time estimates, gets the same features from the same
     * {@link #writeFeatures} with the candidate views of its home BS (made once per home BS and slot: every user of a
     * home BS sees the same candidates) and the mask of a user without a task (one per candidate count), without an
     * {@link Observation} of its own. The values are those of {@link #observe}, feature for feature.
     */
    public PackedObservations observeAll(Deployment deployment, SlotState state, SlotDraws draws) {
        int users = deployment.userCount();
        int width = Observation.featureCount(model.scenario());
        float[] features = new float[users * width];
        boolean[] hasTask = new boolean[users];
        int[] minSteps = new int[users];
        ActionMask[] masks = new ActionMask[users];
        int[] candidateCounts = new int[users];
        List<CandidateView>[] viewsByHome = newViewArray(model.cellCount());
        ActionMask[] idleMasks = new ActionMask[model.scenario().mdp().maxCandidates() + 1];
        int idleMinSteps = model.steps().maxSteps();
        double[] f = new double[width];
        for (int n = 0; n < users; n++) {
            int at = n * width;
            if (draws.hasTask(n)) {
                Observation o = observe(deployment, state, draws, n);
                for (int i = 0; i < width; i++) {
                    features[at + i] = (float) o.feature(i);
                }
                hasTask[n] = true;
                minSteps[n] = o.minSteps();
                masks[n] = o.mask();
                candidateCounts[n] = o.candidateCount();
                continue;
            }
            UserSite site = deployment.user(n);
            List<CandidateView> views = viewsByHome[site.homeBs()];
            if (views == null || !sameServers(views, site.candidates())) {
                views = candidates(deployment, site, state::bsBacklogImageSteps, state::lastArrivalCount);
                requireFits(views);
                viewsByHome[site.homeBs()] = views;
            }
            Arrays.fill(f, 0.0);
            writeFeatures(f, Optional.empty(), state.userBacklogSeconds(n), site.deviceStepSeconds(),
                    draws.homeGain(n), views, users);
            writeLoad(f, views, deployment.cellPopulation(site.homeBs()));
            writeRate(f);
            for (int i = 0; i < width; i++) {
                features[at + i] = (float) f[i];
            }
            minSteps[n] = idleMinSteps;
            int count = views.size();
            if (idleMasks[count] == null) {
                idleMasks[count] = idleMask(count);
            }
            masks[n] = idleMasks[count];
            candidateCounts[n] = count;
        }
        return new PackedObservations(width, features, hasTask, minSteps, masks, candidateCounts);
    }

    private void requireFits(List<CandidateView> candidates) {
        int maxCandidates = model.scenario().mdp().maxCandidates();
        if (candidates.size() > maxCandidates) {
            throw new IllegalArgumentException(candidates.size() + " candidates exceed mdp.max-candidates = "
                    + maxCandidates);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<CandidateView>[] newViewArray(int cells) {
        return (List<CandidateView>[]) new List<?>[cells];
    }

    /** Whether {@code views} are of the servers {@code candidates}, in order. */
    private static boolean sameServers(List<CandidateView> views, List<Integer> candidates) {
        if (views.size() != candidates.size()) {
            return false;
        }
        for (int k = 0; k < views.size(); k++) {
            if (views.get(k).bs() != candidates.get(k)) {
                return false;
            }
        }
        return true;
    }

    /** The mask of a user without a task and {@code candidateCount} candidates (as {@link #of} makes it). */
    private ActionMask idleMask(int candidateCount) {
        return mask(candidateCount, Optional.empty());
    }

    /**
     * The valid actions of a user with {@code candidateCount} candidate servers and this slot's task: they depend on
     * the deployment and the task only, not on any queue, so they are known before a run (Opt's up-front check).
     */
    public ActionMask mask(int candidateCount, Optional<Task> task) {
        return mask(candidateCount, task.isPresent(), minSteps(task));
    }

    private ActionMask mask(int candidateCount, boolean hasTask, int minSteps) {
        return ActionMask.of(space, candidateCount, model.scenario().mdp().maskStepsBelowMin() && hasTask
                ? minSteps : 0);
    }

    /** c^min of the task, or the largest c without one. */
    private int minSteps(Optional<Task> task) {
        return task.isPresent() ? model.steps().minStepsFor(task.get().maxError()) : model.steps().maxSteps();
    }

    /**
     * Builds an observation from raw values (used by tests), for a user alone in its home cell: with the load
     * features on, use the overload that names the home cell's users.
     */
    public Observation of(int user, Optional<Task> task, double localBacklogSeconds, double deviceStepSeconds,
            double homeGain, List<CandidateView> candidates, int userCount) {
        return of(user, task, localBacklogSeconds, deviceStepSeconds, homeGain, candidates, userCount, 1);
    }

    /**
     * Builds an observation from raw values (used by {@link #observe} and by tests); {@code homeCellUsers} is N_h,
     * the users whose home is the user's home BS (read only by the load features).
     */
    public Observation of(int user, Optional<Task> task, double localBacklogSeconds, double deviceStepSeconds,
            double homeGain, List<CandidateView> candidates, int userCount, int homeCellUsers) {
        Scenario scenario = model.scenario();
        requireFits(candidates);
        int minSteps = minSteps(task);
        ActionMask mask = mask(candidates.size(), task.isPresent(), minSteps);
        double[] f = new double[Observation.featureCount(scenario)];
        int i = writeFeatures(f, task, localBacklogSeconds, deviceStepSeconds, homeGain, candidates, userCount);
        writeLoad(f, candidates, homeCellUsers);
        writeRate(f);
        Observation observation = new Observation(user, task, localBacklogSeconds, deviceStepSeconds, homeGain,
                candidates, minSteps, mask, f);
        if (estimator != null && task.isPresent()) {
            double refSeconds = scenario.cost().delayRefSeconds();
            // the estimates read only the raw observation above, never the features being written
            f[i] = finishFeature(observation, Action.local(minSteps), refSeconds);
            for (int k = 0; k < candidates.size(); k++) {
                f[i + 1 + k] = finishFeature(observation, Action.offload(k, minSteps), refSeconds);
            }
        }
        if (prior != null && task.isPresent()) {
            // the baseline reads only the raw observation, as the finish-time estimates do; it is deterministic
            writePrior(f, prior.act(observation, null));
        }
        return observation;
    }

    /** The prior's choice as one value per head logit: x's two, y's max-candidates (all 0 when local), c's |C|. */
    private void writePrior(double[] f, Action choice) {
        double weight = model.scenario().mdp().priorWeight();
        f[priorAt + (choice.offload() ? 1 : 0)] = weight;
        if (choice.offload()) {
            f[priorAt + 2 + choice.server()] = weight;
        }
        f[priorAt + 2 + space.maxCandidates() + space.steps().indexOf(choice.steps())] = weight;
    }

    /**
     * Writes the features before the finish-time estimates into {@code f} (whose other entries it leaves alone) and
     * returns the index of the first finish-time feature: the one place of the feature formulas.
     */
    private int writeFeatures(double[] f, Optional<Task> task, double localBacklogSeconds, double deviceStepSeconds,
            double homeGain, List<CandidateView> candidates, int userCount) {
        Scenario scenario = model.scenario();
        int maxCandidates = scenario.mdp().maxCandidates();
        double refSeconds = scenario.cost().delayRefSeconds();
        int i = 0;
        f[i++] = task.map(t -> t.inputBits() / Observation.INPUT_BITS_SCALE).orElse(0.0);
        f[i++] = Math.min(Observation.BACKLOG_CLIP, Math.max(0.0, localBacklogSeconds / refSeconds));
        f[i++] = (1.0 / deviceStepSeconds) / Observation.DEVICE_SPEED_SCALE;
        for (int k = 0; k < maxCandidates; k++) {
            if (k < candidates.size()) {
                CandidateView c = candidates.get(k);
                f[i] = 1.0;
                f[i + 1] = c.expectedWaitSeconds() / refSeconds;
                f[i + 2] = c.throughputImageStepsPerSecond() / Observation.THROUGHPUT_SCALE;
                f[i + 3] = c.backhaulRateToBitsPerSecond() / Observation.BACKHAUL_SCALE;
                f[i + 4] = (double) c.lastArrivals() / userCount;
            }
            i += Observation.PER_CANDIDATE;
        }
        f[i++] = (10.0 * Math.log10(homeGain) + Observation.GAIN_OFFSET_DB) / Observation.GAIN_SCALE_DB;
        f[i++] = task.isPresent() ? 1.0 : 0.0;
        f[i++] = task.map(Task::maxError).orElse(0.0);
        f[i++] = task.map(t -> t.deadlineSeconds() / refSeconds).orElse(0.0);
        return i;
    }

    /**
     * Writes the load features (when on): the absolute load of the home cell h as its BS knows it, on fixed scales
     * so that a light network does not look like a heavy one with as many tasks per user. N_h / 10 users,
     * N_h·p_a / 5 (the cell's expected requests per slot, what the BS estimates from its request log) and the tasks
     * that reached h in the last slot / 5. They do not depend on the user's task: a user without one sees them too.
     */
    private void writeLoad(double[] f, List<CandidateView> candidates, int homeCellUsers) {
        if (loadAt < 0) {
            return;
        }
        double arrivalProbability = model.scenario().tasks().arrivalProbability();
        int homeArrivals = 0;
        for (CandidateView c : candidates) {
            if (c.home()) {
                homeArrivals = c.lastArrivals();
                break;
            }
        }
        f[loadAt] = homeCellUsers / Observation.HOME_USERS_SCALE;
        f[loadAt + 1] = homeCellUsers * arrivalProbability / Observation.HOME_REQUESTS_SCALE;
        f[loadAt + 2] = homeArrivals / Observation.HOME_ARRIVALS_SCALE;
    }

    /**
     * Writes the rate feature (when on): p_a as is, the episode's when training draws it, so that many rarely-active
     * users and few often-active ones with the same expected requests look apart. A user without a task sees it too.
     */
    private void writeRate(double[] f) {
        if (rateAt >= 0) {
            f[rateAt] = model.scenario().tasks().arrivalProbability();
        }
    }

    private double finishFeature(Observation observation, Action action, double refSeconds) {
        double delay = estimator.estimate(observation, action).delaySeconds();
        return Math.min(Observation.FINISH_CLIP, Math.max(0.0, delay / refSeconds));
    }
}
