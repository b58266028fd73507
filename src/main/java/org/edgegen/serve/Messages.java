package org.edgegen.serve;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.edgegen.learn.GlobalState;
import org.edgegen.model.SystemModel;
import org.edgegen.model.cost.CostModel;
import org.edgegen.model.diffusion.GpuProfile;
import org.edgegen.model.network.Deployment;
import org.edgegen.model.network.UserSite;
import org.edgegen.model.slot.SlotRecord;
import org.edgegen.model.slot.SlotState;
import org.edgegen.model.slot.TaskOutcome;
import org.edgegen.policy.ActionMask;
import org.edgegen.policy.ActionSpace;
import org.edgegen.policy.FeatureLayout;
import org.edgegen.policy.Observation;
import org.edgegen.policy.neural.HeadMasks;
import org.edgegen.report.RunMetrics;
import org.edgegen.report.TaskStats;
import org.edgegen.serve.grpc.AgentObservation;
import org.edgegen.serve.grpc.AgentResult;
import org.edgegen.serve.grpc.BsLoad;
import org.edgegen.serve.grpc.SlotCosts;
import org.edgegen.serve.grpc.Spaces;

/** Turns the model's observations and outcomes into the bridge's protobuf messages (edgegen.proto). */
final class Messages {

    private Messages() {}

    static Spaces spaces(SystemModel model, ActionSpace space) {
        Spaces.Builder spaces = Spaces.newBuilder()
                .setUsers(model.userCount())
                .setCells(model.cellCount())
                .setMaxCandidates(space.maxCandidates())
                .setFeatureCount(Observation.featureCount(model.scenario().mdp()))
                .setActionCount(space.size())
                .setGlobalStateSize(GlobalState.size(model.cellCount()))
                .setSlotsPerEpisode(model.slotsPerEpisode());
        for (int c = 0; c < space.steps().size(); c++) {
            spaces.addStepChoices(space.steps().steps(c));
        }
        FeatureLayout.of(model.scenario().mdp()).forEach(f -> spaces.addFeatureNames(f.name()));
        return spaces.build();
    }

    static AgentObservation observation(Observation observation, ActionSpace space, Deployment deployment) {
        UserSite site = deployment.user(observation.userId());
        AgentObservation.Builder out = AgentObservation.newBuilder()
                .setUser(observation.userId())
                .setHasTask(observation.hasTask())
                .setMinSteps(observation.minSteps())
                .setHomeBs(site.homeBs())
                .addAllCandidates(site.candidates());
        for (double f : observation.features()) {
            out.addFeatures(f);
        }
        ActionMask mask = observation.mask();
        for (int i = 0; i < mask.size(); i++) {
            out.addActionMask(mask.isValid(i));
        }
        HeadMasks heads = HeadMasks.of(observation, space);
        for (boolean b : heads.offload()) {
            out.addOffloadMask(b);
        }
        for (boolean b : heads.server()) {
            out.addServerMask(b);
        }
        for (boolean b : heads.steps()) {
            out.addStepsMask(b);
        }
        return out.build();
    }

    static void addObservations(List<Observation> observations, ActionSpace space, Deployment deployment,
            Consumer<AgentObservation> sink) {
        observations.forEach(o -> sink.accept(observation(o, space, deployment)));
    }

    /** Every BS's server in {@code state}, in BS order, in the model's units. */
    static void addBsLoads(SystemModel model, Deployment deployment, SlotState state, Consumer<BsLoad> sink) {
        for (int b = 0; b < model.cellCount(); b++) {
            GpuProfile gpu = model.gpu(b);
            double backlog = state.bsBacklogImageSteps(b);
            sink.accept(BsLoad.newBuilder()
                    .setBs(b)
                    .setBacklogImageSteps(backlog)
                    .setWaitSeconds(gpu.expectedWaitSeconds(backlog))
                    .setThroughputImageStepsPerSecond(gpu.throughputImageStepsPerSecond())
                    .setLastArrivals(state.lastArrivalCount(b))
                    .setHomeUsers(deployment.cellPopulation(b))
                    .build());
        }
    }

    static double[] globalState(SystemModel model, SlotState state) {
        return GlobalState.of(model, state);
    }

    /** One result per user: the outcome of its task, or an empty result without one. */
    static AgentResult[] results(SlotRecord record, int users, boolean truncated) {
        AgentResult[] results = new AgentResult[users];
        for (int n = 0; n < users; n++) {
            results[n] = AgentResult.newBuilder().setUser(n).setTruncated(truncated).setServerBs(-1).build();
        }
        for (TaskOutcome o : record.outcomes()) {
            results[o.userId()] = AgentResult.newBuilder()
                    .setUser(o.userId())
                    .setHadTask(true)
                    .setReward(CostModel.reward(record.meanCost(), o.penalty()))
                    .setTruncated(truncated)
                    .setPath(o.invalid() ? "invalid" : o.path().name().toLowerCase(Locale.ROOT))
                    .setServerBs(o.serverBs())
                    .setSteps(o.steps())
                    .setDelaySeconds(o.delaySeconds())
                    .setEnergyJoules(o.energyJoules())
                    .setError(o.error())
                    .setCost(o.cost())
                    .setPenalty(o.penalty())
                    .setDeadlineViolated(o.deadlineViolated())
                    .setQualityViolated(o.qualityViolated())
                    .setDropped(o.dropped())
                    .setInvalid(o.invalid())
                    .build();
        }
        return results;
    }

    /** The slot's row of slots.csv. */
    static SlotCosts costs(SlotRecord record) {
        TaskStats s = RunMetrics.slotRow(record).stats();
        return SlotCosts.newBuilder()
                .setEpisode(record.episode())
                .setSlot(record.slot())
                .setActiveUsers(s.tasks())
                .setMeanCost(s.meanCost())
                .setMeanDelaySeconds(s.meanDelaySeconds())
                .setMeanEnergyJoules(s.meanEnergyJoules())
                .setMeanError(s.meanError())
                .setMeanPenalty(s.meanPenalty())
                .setLocal(s.local())
                .setHome(s.home())
                .setNeighbour(s.neighbour())
                .setFailed(s.failed())
                .setDeadlineViolations(s.deadlineViolations())
                .setQualityViolations(s.qualityViolations())
                .setDroppedTasks(s.droppedTasks())
                .setInvalidActions(s.invalidActions())
                .setMeanSteps(s.meanSteps())
                .build();
    }
}
