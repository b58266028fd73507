package org.edgegen.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntToDoubleFunction;
import java.util.function.IntUnaryOperator;
import org.edgegen.model.Scenario;
import org.edgegen.model.SystemModel;
import org.edgegen.model.diffusion.GpuProfile;
import org.edgegen.model.network.Deployment;
import org.edgegen.model.network.UserSite;
import org.edgegen.model.slot.SlotDraws;
import org.edgegen.model.slot.SlotState;
import org.edgegen.model.task.Task;

/** Builds each agent's {@link Observation} from what it can see at the start of a slot. */
public final class ObservationBuilder {

    private final SystemModel model;
    private final ActionSpace space;
    /** The user's own estimates, for the finish-time features; null when they are off. */
    private final CostEstimator estimator;

    public ObservationBuilder(SystemModel model) {
        this.model = model;
        this.space = new ActionSpace(model.steps(), model.scenario().mdp().maxCandidates());
        this.estimator = model.scenario().mdp().finishFeatures() ? new CostEstimator(model) : null;
    }

    public ActionSpace actionSpace() {
        return space;
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
        List<CandidateView> candidates = new ArrayList<>(site.candidates().size());
        for (int bs : site.candidates()) {
            GpuProfile gpu = model.gpu(bs);
            boolean home = bs == site.homeBs();
            candidates.add(new CandidateView(bs, home, bsBacklogImageSteps.applyAsDouble(bs),
                    gpu.throughputImageStepsPerSecond(), gpu.stepSeconds(1),
                    home ? 0.0 : deployment.backhaulRateBitsPerSecond(site.homeBs(), bs),
                    home ? 0.0 : deployment.backhaulRateBitsPerSecond(bs, site.homeBs()),
                    lastArrivalCount.applyAsInt(bs)));
        }
        return of(user, task, localBacklogSeconds, site.deviceStepSeconds(), homeGain, candidates,
                deployment.userCount());
    }

    /**
     * The valid actions of a user with {@code candidateCount} candidate servers and this slot's task: they depend on
     * the deployment and the task only, not on any queue, so they are known before a run (Opt's up-front check).
     */
    public ActionMask mask(int candidateCount, Optional<Task> task) {
        int minSteps = task.map(t -> model.steps().minStepsFor(t.maxError())).orElse(model.steps().maxSteps());
        return ActionMask.of(space, candidateCount, model.scenario().mdp().maskStepsBelowMin() && task.isPresent()
                ? minSteps : 0);
    }

    /** Builds an observation from raw values (used by {@link #observe} and by tests). */
    public Observation of(int user, Optional<Task> task, double localBacklogSeconds, double deviceStepSeconds,
            double homeGain, List<CandidateView> candidates, int userCount) {
        Scenario scenario = model.scenario();
        int maxCandidates = scenario.mdp().maxCandidates();
        if (candidates.size() > maxCandidates) {
            throw new IllegalArgumentException(candidates.size() + " candidates exceed mdp.max-candidates = "
                    + maxCandidates);
        }
        int minSteps = task.map(t -> model.steps().minStepsFor(t.maxError())).orElse(model.steps().maxSteps());
        ActionMask mask = mask(candidates.size(), task);
        double refSeconds = scenario.cost().delayRefSeconds();
        double[] f = new double[Observation.featureCount(scenario.mdp())];
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
        Observation observation = new Observation(user, task, localBacklogSeconds, deviceStepSeconds, homeGain,
                candidates, minSteps, mask, f);
        if (estimator != null && task.isPresent()) {
            // the estimates read only the raw observation above, never the features being written
            f[i] = finishFeature(observation, Action.local(minSteps), refSeconds);
            for (int k = 0; k < candidates.size(); k++) {
                f[i + 1 + k] = finishFeature(observation, Action.offload(k, minSteps), refSeconds);
            }
        }
        return observation;
    }

    private double finishFeature(Observation observation, Action action, double refSeconds) {
        double delay = estimator.estimate(observation, action).delaySeconds();
        return Math.min(Observation.FINISH_CLIP, Math.max(0.0, delay / refSeconds));
    }
}
