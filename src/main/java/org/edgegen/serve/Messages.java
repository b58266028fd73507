package org.edgegen.serve;

import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.edgegen.learn.GlobalState;
import org.edgegen.model.SystemModel;
import org.edgegen.model.cost.CostModel;
import org.edgegen.model.diffusion.GpuProfile;
import org.edgegen.model.network.Deployment;
import org.edgegen.model.network.UserSite;
import org.edgegen.model.slot.Path;
import org.edgegen.model.slot.SlotRecord;
import org.edgegen.model.slot.SlotState;
import org.edgegen.model.slot.TaskOutcome;
import org.edgegen.policy.ActionMask;
import org.edgegen.policy.ActionSpace;
import org.edgegen.policy.FeatureLayout;
import org.edgegen.policy.Observation;
import org.edgegen.policy.PackedObservations;
import org.edgegen.policy.neural.HeadMasks;
import org.edgegen.report.RunMetrics;
import org.edgegen.report.TaskStats;
import org.edgegen.serve.grpc.AgentObservation;
import org.edgegen.serve.grpc.AgentResult;
import org.edgegen.serve.grpc.BsLoad;
import org.edgegen.serve.grpc.SlotCosts;
import org.edgegen.serve.grpc.SlotDeployment;
import org.edgegen.serve.grpc.SlotObservations;
import org.edgegen.serve.grpc.SlotResults;
import org.edgegen.serve.grpc.Spaces;

/** Turns the model's observations and outcomes into the bridge's protobuf messages (edgegen.proto). */
final class Messages {

    private Messages() {}

    static Spaces spaces(SystemModel model, ActionSpace space) {
        Spaces.Builder spaces = Spaces.newBuilder()
                .setUsers(model.userCount())
                .setCells(model.cellCount())
                .setMaxCandidates(space.maxCandidates())
                .setFeatureCount(Observation.featureCount(model.scenario()))
                .setActionCount(space.size())
                .setGlobalStateSize(GlobalState.size(model.cellCount()))
                .setSlotsPerEpisode(model.slotsPerEpisode());
        for (int c = 0; c < space.steps().size(); c++) {
            spaces.addStepChoices(space.steps().steps(c));
        }
        FeatureLayout.of(model.scenario()).forEach(f -> spaces.addFeatureNames(f.name()));
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

    /**
     * {@code LAYOUT_PACKED}: every observation of the slot as flat blocks in user order, the features as
     * little-endian float32 and the masks one byte per entry. The masks of a slot take few distinct values (they
     * depend on a user's candidate count and, with {@code edgegen.mdp.mask-steps-below-min}, its c^min_n), so each
     * distinct pair of {@link ActionMask} and candidate count is turned into its four byte rows once. With
     * {@code compact} ({@code LAYOUT_PACKED_COMPACT}) each distinct row is sent once ({@code mask_rows}) with every
     * user's row index ({@code mask_row}); otherwise the rows are copied into four blocks of a row per user. Users
     * without a task share one {@link ActionMask} instance per candidate count, so a mask is first looked up by
     * identity.
     */
    static SlotObservations slotObservations(PackedObservations observations, ActionSpace space, boolean compact) {
        int users = observations.users();
        int actions = space.size();
        int candidates = space.maxCandidates();
        int steps = space.steps().size();
        int width = actions + 2 + candidates + steps;
        byte[] actionMask = compact ? null : new byte[users * actions];
        byte[] offloadMask = compact ? null : new byte[users * 2];
        byte[] serverMask = compact ? null : new byte[users * candidates];
        byte[] stepsMask = compact ? null : new byte[users * steps];
        Map<MaskKey, Integer> rowOf = new HashMap<>();
        IdentityHashMap<ActionMask, int[]> seen = new IdentityHashMap<>(); // {candidate count, row}
        List<byte[]> rows = new ArrayList<>();
        SlotObservations.Builder out = SlotObservations.newBuilder();
        for (int n = 0; n < users; n++) {
            out.addHasTask(observations.hasTask()[n]);
            ActionMask mask = observations.masks()[n];
            int count = observations.candidateCounts()[n];
            int[] known = seen.get(mask);
            int index;
            if (known != null && known[0] == count) {
                index = known[1];
            } else {
                index = rowOf.computeIfAbsent(new MaskKey(mask, count), key -> {
                    rows.add(maskRow(key, space));
                    return rows.size() - 1;
                });
                seen.put(mask, new int[] {count, index});
            }
            if (compact) {
                out.addMaskRow(index);
            } else {
                // action mask, offload mask, server mask and steps mask, one after the other
                byte[] row = rows.get(index);
                System.arraycopy(row, 0, actionMask, n * actions, actions);
                System.arraycopy(row, actions, offloadMask, 2 * n, 2);
                System.arraycopy(row, actions + 2, serverMask, n * candidates, candidates);
                System.arraycopy(row, actions + 2 + candidates, stepsMask, n * steps, steps);
            }
        }
        for (int n = 0; n < users; n++) {
            out.addMinSteps(observations.minSteps()[n]);
        }
        float[] features = observations.features();
        ByteBuffer featureBytes = ByteBuffer.allocate(features.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        featureBytes.asFloatBuffer().put(features);
        // the arrays are not touched again: wrapping them saves a copy
        out.setFeatures(UnsafeByteOperations.unsafeWrap(featureBytes.array()));
        if (compact) {
            byte[] distinct = new byte[rows.size() * width];
            for (int r = 0; r < rows.size(); r++) {
                System.arraycopy(rows.get(r), 0, distinct, r * width, width);
            }
            return out.setMaskRows(UnsafeByteOperations.unsafeWrap(distinct)).build();
        }
        return out.setActionMask(UnsafeByteOperations.unsafeWrap(actionMask))
                .setOffloadMask(UnsafeByteOperations.unsafeWrap(offloadMask))
                .setServerMask(UnsafeByteOperations.unsafeWrap(serverMask))
                .setStepsMask(UnsafeByteOperations.unsafeWrap(stepsMask))
                .build();
    }

    /** What an observation's masks depend on. */
    private record MaskKey(ActionMask mask, int candidates) {}

    /**
     * The four masks of an observation as bytes, one after the other: the flattened action mask, then the factored
     * heads' offload, server and steps masks ({@link HeadMasks}).
     */
    private static byte[] maskRow(MaskKey key, ActionSpace space) {
        int actions = space.size();
        int candidates = space.maxCandidates();
        int steps = space.steps().size();
        byte[] row = new byte[actions + 2 + candidates + steps];
        for (int i = 0; i < actions; i++) {
            row[i] = bit(key.mask().isValid(i));
        }
        HeadMasks heads = HeadMasks.of(key.mask(), key.candidates(), space);
        row[actions] = bit(heads.offloadValid(0));
        row[actions + 1] = bit(heads.offloadValid(1));
        for (int y = 0; y < candidates; y++) {
            row[actions + 2 + y] = bit(heads.serverValid(y));
        }
        for (int c = 0; c < steps; c++) {
            row[actions + 2 + candidates + c] = bit(heads.stepsValid(c));
        }
        return row;
    }

    private static byte bit(boolean on) {
        return on ? (byte) 1 : (byte) 0;
    }

    /** {@code LAYOUT_PACKED}: every user's home BS and candidate BSs (-1 past its last), in user order. */
    static SlotDeployment slotDeployment(Deployment deployment, ActionSpace space) {
        SlotDeployment.Builder out = SlotDeployment.newBuilder();
        for (int n = 0; n < deployment.userCount(); n++) {
            UserSite site = deployment.user(n);
            out.addHomeBs(site.homeBs());
            List<Integer> candidates = site.candidates();
            for (int y = 0; y < space.maxCandidates(); y++) {
                out.addCandidates(y < candidates.size() ? candidates.get(y) : -1);
            }
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
                    .setPath(pathName(o))
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

    /** The names {@link SlotResults#getPathList()} indexes, in {@link SlotResults#getPathNamesList()}. */
    static final List<String> PATH_NAMES = List.of("", "local", "home", "neighbour", "failed", "invalid");

    /** The index in {@link #PATH_NAMES} of an invalid action's outcome. */
    private static final int INVALID_PATH = PATH_NAMES.indexOf("invalid");

    /** Each {@link Path}'s index in {@link #PATH_NAMES}: its name in lower case, looked up once. */
    private static final Map<Path, Integer> PATH_INDEX = pathIndex();

    private static Map<Path, Integer> pathIndex() {
        Map<Path, Integer> index = new EnumMap<>(Path.class);
        for (Path path : Path.values()) {
            int i = PATH_NAMES.indexOf(path.name().toLowerCase(Locale.ROOT));
            if (i < 0) {
                throw new IllegalStateException("path " + path + " has no name in " + PATH_NAMES);
            }
            index.put(path, i);
        }
        return index;
    }

    /** {@code LAYOUT_PACKED}: every user's result as packed arrays in user order (zeros without a task). */
    static SlotResults slotResults(SlotRecord record, int users, boolean compact) {
        TaskOutcome[] byUser = new TaskOutcome[users];
        for (TaskOutcome o : record.outcomes()) {
            byUser[o.userId()] = o;
        }
        SlotResults.Builder out = SlotResults.newBuilder().addAllPathNames(PATH_NAMES);
        for (TaskOutcome o : byUser) {
            boolean task = o != null;
            out.addHadTask(task);
            if (compact && !task) {
                continue; // LAYOUT_PACKED_COMPACT: the other columns hold the users with a task only
            }
            out.addReward(task ? CostModel.reward(record.meanCost(), o.penalty()) : 0.0)
                    .addPath(task ? pathIndex(o) : 0)
                    .addServerBs(task ? o.serverBs() : -1)
                    .addSteps(task ? o.steps() : 0)
                    .addDelaySeconds(task ? o.delaySeconds() : 0.0)
                    .addEnergyJoules(task ? o.energyJoules() : 0.0)
                    .addError(task ? o.error() : 0.0)
                    .addCost(task ? o.cost() : 0.0)
                    .addPenalty(task ? o.penalty() : 0.0)
                    .addDeadlineViolated(task && o.deadlineViolated())
                    .addQualityViolated(task && o.qualityViolated())
                    .addDropped(task && o.dropped())
                    .addInvalid(task && o.invalid());
        }
        return out.build();
    }

    /** The index in {@link #PATH_NAMES} of what a task came to: its path, or "invalid" for an invalid action. */
    private static int pathIndex(TaskOutcome o) {
        return o.invalid() ? INVALID_PATH : PATH_INDEX.get(o.path());
    }

    private static String pathName(TaskOutcome o) {
        return PATH_NAMES.get(pathIndex(o));
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
