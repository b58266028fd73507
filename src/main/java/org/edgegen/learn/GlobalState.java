package org.edgegen.learn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import java.util.function.IntUnaryOperator;
import org.edgegen.config.LearnerSettings.CriticMode;
import org.edgegen.model.SystemModel;
import org.edgegen.model.slot.SlotState;
import org.edgegen.policy.FeatureLayout.Feature;
import org.edgegen.policy.Observation;

/**
 * What the centralised critic sees beyond the agent's own observation (SYSTEM-MODEL §7): for every BS b, in BS
 * order, its expected wait (Q_b/μ_b)/T_ref, its throughput μ_b/52 and its last-slot arrivals/N, normalised like
 * the candidate features of an {@link Observation}; with {@code edgegen.learner.critic = centralised-tasks}, one
 * entry more at the end, the slot's tasks in the whole network over 5·B.
 */
public final class GlobalState {

    /** Features per BS. */
    public static final int PER_BS = 3;
    /**
     * Mean tasks per cell that the slot-tasks entry maps to 1: it divides the slot's tasks by this times B, on the
     * scale of the other load features.
     */
    public static final int SLOT_TASKS_PER_CELL_SCALE = 5;

    private GlobalState() {}

    /** G = 3·B. */
    public static int size(int cellCount) {
        return PER_BS * cellCount;
    }

    /** G of a critic: 3·B when centralised, 3·B + 1 when it also reads the slot's tasks, 0 when local. */
    public static int size(int cellCount, CriticMode critic) {
        if (!critic.centralised()) {
            return 0;
        }
        return size(cellCount) + (critic.readsSlotTasks() ? 1 : 0);
    }

    /** Whether {@code size} is the G of {@code critic} for some cell count B >= 1 (0 for a local critic). */
    public static boolean isSizeOf(int size, CriticMode critic) {
        int cells = size / PER_BS;
        return critic.centralised() ? cells >= 1 && size(cells, critic) == size : size == 0;
    }

    /** The layout of {@link #of}: every entry with its name, meaning and normalisation, for {@code cellCount} BSs. */
    public static List<Feature> layout(int cellCount) {
        return layout(cellCount, CriticMode.CENTRALISED);
    }

    /** The layout a critic reads ({@link #of}, or {@link #withSlotTasks} when it reads the slot's tasks). */
    public static List<Feature> layout(int cellCount, CriticMode critic) {
        if (!critic.centralised()) {
            return List.of();
        }
        List<Feature> entries = new ArrayList<>(size(cellCount, critic));
        for (int b = 0; b < cellCount; b++) {
            entries.add(new Feature(PER_BS * b, "bs" + b + "_wait", "BS " + b + ": expected wait Q_b/μ_b, in seconds",
                    "(Q_b/μ_b) / T_ref"));
            entries.add(new Feature(PER_BS * b + 1, "bs" + b + "_throughput",
                    "BS " + b + ": GPU throughput μ_b, in image-steps/s",
                    "μ_b / " + (int) Observation.THROUGHPUT_SCALE));
            entries.add(new Feature(PER_BS * b + 2, "bs" + b + "_arrivals",
                    "BS " + b + ": tasks that arrived at b in the last slot", "count / N"));
        }
        if (critic.readsSlotTasks()) {
            entries.add(slotTasksEntry(cellCount));
        }
        return List.copyOf(entries);
    }

    /** The last entry of a critic that reads the slot's tasks. */
    static Feature slotTasksEntry(int cellCount) {
        return new Feature(size(cellCount), "slot_tasks", "tasks in the network this slot",
                "count / (" + SLOT_TASKS_PER_CELL_SCALE + "·B)");
    }

    /** The global state at the start of a slot. */
    public static double[] of(SystemModel model, SlotState state) {
        return of(model, state::bsBacklogImageSteps, state::lastArrivalCount);
    }

    /** The global state from the load of every server, as the coordinator broadcasts it. */
    public static double[] of(SystemModel model, IntToDoubleFunction backlogImageSteps, IntUnaryOperator lastArrivals) {
        int cells = model.cellCount();
        double refSeconds = model.scenario().cost().delayRefSeconds();
        int users = model.userCount();
        double[] g = new double[size(cells)];
        for (int b = 0; b < cells; b++) {
            double mu = model.gpu(b).throughputImageStepsPerSecond();
            g[PER_BS * b] = model.gpu(b).expectedWaitSeconds(backlogImageSteps.applyAsDouble(b)) / refSeconds;
            g[PER_BS * b + 1] = mu / Observation.THROUGHPUT_SCALE;
            g[PER_BS * b + 2] = (double) lastArrivals.applyAsInt(b) / users;
        }
        return g;
    }

    /**
     * The global state of {@link #of} followed by the slot's tasks in the whole network over 5·B, for
     * {@code edgegen.learner.critic = centralised-tasks}.
     */
    public static double[] withSlotTasks(SystemModel model, IntToDoubleFunction backlogImageSteps,
            IntUnaryOperator lastArrivals, int slotTasks) {
        double[] g = of(model, backlogImageSteps, lastArrivals);
        double[] extended = Arrays.copyOf(g, g.length + 1);
        extended[g.length] = (double) slotTasks / (SLOT_TASKS_PER_CELL_SCALE * model.cellCount());
        return extended;
    }
}
