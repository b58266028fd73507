package org.edgegen.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.edgegen.model.InputException;
import org.edgegen.model.Scenario;
import org.edgegen.model.SystemModel;
import org.edgegen.model.network.Deployment;
import org.edgegen.model.network.UserSite;
import org.edgegen.model.slot.Decision;
import org.edgegen.model.slot.SlotDraws;
import org.edgegen.model.slot.SlotResolver;
import org.edgegen.model.slot.SlotResult;
import org.edgegen.model.slot.SlotState;
import org.edgegen.model.slot.TaskOutcome;
import org.edgegen.model.task.Task;
import org.edgegen.policy.Action;
import org.edgegen.policy.ActionMask;
import org.edgegen.policy.ActionSpace;
import org.edgegen.policy.BaselineKind;
import org.edgegen.policy.CandidateView;
import org.edgegen.policy.DecentralisedPolicy;
import org.edgegen.policy.Decisions;
import org.edgegen.policy.FeatureLayout;
import org.edgegen.policy.JointPolicy;
import org.edgegen.policy.Observation;
import org.edgegen.policy.Policy;
import org.edgegen.policy.PolicyCatalog;
import org.edgegen.policy.SlotContext;
import org.edgegen.policy.baseline.OptLimitException;
import org.edgegen.policy.neural.HeadMasks;
import org.edgegen.policy.neural.HeadProbabilities;
import org.edgegen.policy.neural.NeuralPolicy;

/**
 * Why the model gives the numbers it gives: for one user's task in one slot, the inputs it depends on and the
 * outcome of every valid action while the other users act by a given policy. The result is a JSON-ready tree of
 * maps, lists, strings, numbers and booleans (NaN and infinities become null).
 */
public final class Explanation {

    private final SystemModel model;
    private final PolicyCatalog catalog;
    private final SlotResolver resolver;

    public Explanation(SystemModel model) {
        this.model = model;
        this.catalog = new PolicyCatalog(model);
        this.resolver = new SlotResolver(model);
    }

    /**
     * Explains user {@code user}'s task in {@code slot} of {@code episode}. Slots before it are played with every
     * user acting by {@code others}, so the queues it sees are the ones that policy leaves behind.
     */
    public Map<String, Object> explain(long seed, int episode, int slot, int user, String othersName) {
        checkUserAndSlot(user, slot);
        return explain(seed, episode, slot, user, catalog.require(othersName), Optional.empty(), false);
    }

    /**
     * As {@link #explain(long, int, int, int, String)}, with the other users acting by {@code others} (a baseline or
     * the trained OSI). With {@code features}, the result also holds the user's feature vector and masks as the
     * networks read them (docs/observation.md), and, given {@code osi}, its probabilities per head.
     */
    public Map<String, Object> explain(long seed, int episode, int slot, int user, JointPolicy others,
            Optional<NeuralPolicy> osi, boolean features) {
        Scenario scenario = model.scenario();
        checkUserAndSlot(user, slot);
        Deployment deployment = Deployment.draw(model, seed, episode);
        SlotState state = SlotState.initial(deployment.userCount(), model.cellCount());
        for (int l = 0; l < slot; l++) {
            SlotDraws draws = SlotDraws.draw(model, deployment, seed, episode, l);
            state = resolver.resolve(deployment, state, draws, others.decide(new SlotContext(deployment, state, draws)))
                    .next();
        }
        SlotDraws draws = SlotDraws.draw(model, deployment, seed, episode, slot);
        SlotContext context = new SlotContext(deployment, state, draws);
        Decision[] othersDecisions = others.decide(context);
        Observation observation = catalog.observations().observe(deployment, state, draws, user);

        Map<String, Object> root = new LinkedHashMap<>();
        root.put("scenario", scenario.name());
        root.put("seed", seed);
        root.put("episode", episode);
        root.put("slot", slot);
        root.put("user", user);
        root.put("others", others.name());
        root.put("hasTask", observation.hasTask());
        root.put("inputs", inputs(deployment, state, draws, othersDecisions, observation));
        if (features) {
            root.put("features", features(observation));
            root.put("masks", masks(observation));
            osi.ifPresent(policy -> root.put("osi", probabilities(policy, observation)));
        }
        return explainTask(root, seed, episode, slot, user, deployment, state, draws, context, othersDecisions,
                observation);
    }

    private void checkUserAndSlot(int user, int slot) {
        Scenario scenario = model.scenario();
        if (user < 0 || user >= scenario.userCount()) {
            throw new InputException("--user " + user + " is out of range: the scenario has users 0.."
                    + (scenario.userCount() - 1));
        }
        if (slot < 0 || slot >= model.slotsPerEpisode()) {
            throw new InputException("--slot " + slot + " is out of range: allowed 0.."
                    + (model.slotsPerEpisode() - 1));
        }
    }

    private Map<String, Object> explainTask(Map<String, Object> root, long seed, int episode, int slot, int user,
            Deployment deployment, SlotState state, SlotDraws draws, SlotContext context, Decision[] othersDecisions,
            Observation observation) {
        Scenario scenario = model.scenario();
        if (!observation.hasTask()) {
            root.put("note", "user " + user + " has no task in slot " + slot + " (task probability "
                    + scenario.tasks().arrivalProbability() + "); its first slot with a task in this episode is "
                    + firstSlotWithTask(seed, episode, user) + " (use --slot)");
            return root;
        }
        List<Map<String, Object>> actions = new ArrayList<>();
        ActionSpace space = catalog.observations().actionSpace();
        int bestIndex = -1;
        double bestObjective = Double.POSITIVE_INFINITY;
        for (int index : observation.mask().validIndices()) {
            Action action = space.action(index);
            Decision[] decisions = othersDecisions.clone();
            decisions[user] = Decisions.of(action, deployment.user(user));
            SlotResult result = resolver.resolve(deployment, state, draws, decisions);
            TaskOutcome outcome = result.outcomeOf(user).orElseThrow();
            actions.add(action(index, action, outcome, result));
            if (outcome.cost() + outcome.penalty() < bestObjective) {
                bestObjective = outcome.cost() + outcome.penalty();
                bestIndex = index;
            }
        }
        root.put("bestActionIndex", bestIndex);
        root.put("actions", actions);
        root.put("baselines", baselines(context, user, space));
        return root;
    }

    private Map<String, Object> features(Observation observation) {
        Map<String, Object> named = new LinkedHashMap<>();
        for (FeatureLayout.Feature f : FeatureLayout.of(model.scenario())) {
            named.put(f.name(), observation.feature(f.index()));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vector", observation.features());
        m.put("named", named);
        return m;
    }

    private Map<String, Object> masks(Observation observation) {
        ActionSpace space = catalog.observations().actionSpace();
        ActionMask mask = observation.mask();
        int[] flat = new int[mask.size()];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = mask.isValid(i) ? 1 : 0;
        }
        HeadMasks heads = HeadMasks.of(observation, space);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", flat);
        m.put("offload", heads.offloadAsFloats());
        m.put("server", heads.serverAsFloats());
        m.put("steps", heads.stepsAsFloats());
        return m;
    }

    private static Map<String, Object> probabilities(NeuralPolicy policy, Observation observation) {
        HeadProbabilities p = policy.distribution(observation);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", policy.version());
        m.put("offload", p.offload());
        m.put("server", p.server());
        m.put("steps", p.steps());
        m.put("entropy", number(p.entropy()));
        // what the played policy draws from (edgegen.learner.execution and execution-temperature)
        HeadProbabilities played = policy.playedDistribution(observation);
        m.put("played", policy.mode() == NeuralPolicy.Mode.GREEDY ? "greedy"
                : "sample at temperature " + policy.temperature());
        m.put("playedOffload", played.offload());
        m.put("playedServer", played.server());
        m.put("playedSteps", played.steps());
        return m;
    }

    private int firstSlotWithTask(long seed, int episode, int user) {
        for (int l = 0; l < model.slotsPerEpisode(); l++) {
            if (model.tasks().draw(seed, episode, user, l).isPresent()) {
                return l;
            }
        }
        return -1;
    }

    private Map<String, Object> inputs(Deployment deployment, SlotState state, SlotDraws draws,
            Decision[] othersDecisions, Observation observation) {
        int user = observation.userId();
        UserSite site = deployment.user(user);
        int home = site.homeBs();
        int othersUplink = 0;
        int othersDownlink = 0;
        double[] otherSteps = new double[model.cellCount()];
        for (int n = 0; n < othersDecisions.length; n++) {
            if (n == user || !draws.hasTask(n)) {
                continue;
            }
            Decision.Kind kind = SlotResolver.validate(deployment.user(n), othersDecisions[n], model.steps());
            if (kind == Decision.Kind.OFFLOAD) {
                otherSteps[othersDecisions[n].targetBs()] += othersDecisions[n].steps();
                if (deployment.user(n).homeBs() == home) {
                    othersUplink++;
                    othersDownlink++;
                }
            }
        }
        Map<String, Object> in = new LinkedHashMap<>();
        Task task = observation.task().orElse(null);
        if (task != null) {
            in.put("inputBits", task.inputBits());
            in.put("outputBits", task.outputBits());
            in.put("maxError", task.maxError());
            in.put("deadlineSeconds", task.deadlineSeconds());
            in.put("minSteps", observation.minSteps());
        }
        in.put("deviceStepSeconds", site.deviceStepSeconds());
        in.put("localBacklogSeconds", state.userBacklogSeconds(user));
        in.put("homeBs", home);
        double distance = site.position().distanceMeters(model.topology().site(home));
        in.put("distanceToHomeMeters", distance);
        double pathLossDb = model.radio().pathLossDb(Math.max(distance,
                model.scenario().layout().minUserDistanceMeters()));
        double largeScaleDb = -10 * Math.log10(deployment.largeScaleGain(user, home));
        in.put("pathLossDb", pathLossDb);
        in.put("shadowingDb", largeScaleDb - pathLossDb);
        in.put("homeGain", draws.homeGain(user));
        in.put("homeGainDb", 10 * Math.log10(draws.homeGain(user)));
        in.put("homeCellUplinkUsersIfOffloading", othersUplink + 1);
        in.put("downlinkShareHzIfOffloading", model.scenario().radio().downlinkBandwidthHz() / (othersDownlink + 1));
        in.put("uplinkShareHzIfOffloading", model.scenario().radio().uplinkBandwidthHz() / (othersUplink + 1));
        List<Map<String, Object>> candidates = new ArrayList<>();
        for (int k = 0; k < observation.candidates().size(); k++) {
            CandidateView c = observation.candidates().get(k);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", k);
            m.put("bs", c.bs());
            m.put("home", c.home());
            m.put("gpu", model.gpu(c.bs()).name());
            m.put("backlogImageSteps", c.backlogImageSteps());
            m.put("throughputImageStepsPerSecond", c.throughputImageStepsPerSecond());
            m.put("stepSecondsAlone", c.stepSecondsAlone());
            m.put("expectedWaitSeconds", c.expectedWaitSeconds());
            m.put("backhaulRateToBitsPerSecond", c.backhaulRateToBitsPerSecond());
            m.put("backhaulRateFromBitsPerSecond", c.backhaulRateFromBitsPerSecond());
            m.put("otherTasksImageSteps", otherSteps[c.bs()]);
            m.put("lastSlotArrivals", c.lastArrivals());
            candidates.add(m);
        }
        in.put("candidates", candidates);
        return in;
    }

    private static Map<String, Object> action(int index, Action action, TaskOutcome outcome, SlotResult result) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", index);
        m.put("offload", action.offload());
        m.put("server", action.offload() ? action.server() : null);
        m.put("steps", action.steps());
        m.put("path", outcome.path().name().toLowerCase(java.util.Locale.ROOT));
        m.put("serverBs", outcome.serverBs() >= 0 ? outcome.serverBs() : null);
        m.put("delaySeconds", number(outcome.delaySeconds()));
        m.put("energyJoules", number(outcome.energyJoules()));
        m.put("error", number(outcome.error()));
        m.put("cost", number(outcome.cost()));
        m.put("penalty", number(outcome.penalty()));
        m.put("reward", number(result.reward(outcome)));
        m.put("deadlineViolated", outcome.deadlineViolated());
        m.put("qualityViolated", outcome.qualityViolated());
        m.put("dropped", outcome.dropped());
        TaskOutcome.OffloadTrace t = outcome.offload();
        if (t != TaskOutcome.OffloadTrace.NONE) {
            m.put("uplinkSharingUsers", t.uplinkSharingUsers());
            m.put("uplinkRateBitsPerSecond", number(t.uplinkRateBitsPerSecond()));
            m.put("uploadSeconds", number(t.uploadSeconds()));
            m.put("arrivalSeconds", number(t.arrivalSeconds()));
            m.put("aheadImageSteps", number(t.aheadImageSteps()));
            m.put("completionSeconds", number(t.completionSeconds()));
            m.put("downlinkSharingUsers", t.downlinkSharingUsers());
            m.put("downlinkRateBitsPerSecond", number(t.downlinkRateBitsPerSecond()));
        }
        return m;
    }

    private Map<String, Object> baselines(SlotContext context, int user, ActionSpace space) {
        Map<String, Object> choices = new LinkedHashMap<>();
        for (String name : PolicyCatalog.NAMES) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", BaselineKind.of(name).map(BaselineKind::label).orElseThrow());
            var perUser = catalog.perUser(name);
            if (perUser.isPresent()) {
                Policy policy = perUser.get();
                Action action = new DecentralisedPolicy(policy, catalog.observations()).act(context, user);
                m.put("actionIndex", space.index(action));
                m.put("offload", action.offload());
                m.put("server", action.offload() ? action.server() : null);
                m.put("steps", action.steps());
            } else {
                try {
                    Decision decision = catalog.require(name).decide(context)[user];
                    for (int index = 0; index < space.size(); index++) {
                        if (Decisions.of(space.action(index), context.deployment().user(user)).equals(decision)) {
                            m.put("actionIndex", index);
                            break;
                        }
                    }
                    m.put("offload", decision.kind() == Decision.Kind.OFFLOAD);
                    m.put("serverBs", decision.kind() == Decision.Kind.OFFLOAD ? decision.targetBs() : null);
                    m.put("steps", decision.steps());
                } catch (OptLimitException refused) {
                    m.put("refused", refused.getMessage());
                }
            }
            choices.put(name, m);
        }
        return choices;
    }

    /** JSON has no NaN or infinity: they become null. */
    static Double number(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
