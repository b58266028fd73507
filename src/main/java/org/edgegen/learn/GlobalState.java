package org.edgegen.learn;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import java.util.function.IntUnaryOperator;
import org.edgegen.model.SystemModel;
import org.edgegen.model.slot.SlotState;
import org.edgegen.policy.FeatureLayout.Feature;
import org.edgegen.policy.Observation;

/**
 * What the centralised critic sees beyond the agent's own observation (SYSTEM-MODEL §7): for every BS b, in BS
 * order, its expected wait (Q_b/μ_b)/T_ref, its throughput μ_b/52 and its last-slot arrivals/N, normalised like
 * the candidate features of an {@link Observation}.
 */
public final class GlobalState {

    /** Features per BS. */
    public static final int PER_BS = 3;

    private GlobalState() {}

    /** G = 3·B. */
    public static int size(int cellCount) {
        return PER_BS * cellCount;
    }

    /** The layout of {@link #of}: every entry with its name, meaning and normalisation, for {@code cellCount} BSs. */
    public static List<Feature> layout(int cellCount) {
        List<Feature> entries = new ArrayList<>(size(cellCount));
        for (int b = 0; b < cellCount; b++) {
            entries.add(new Feature(PER_BS * b, "bs" + b + "_wait", "BS " + b + ": expected wait Q_b/μ_b, in seconds",
                    "(Q_b/μ_b) / T_ref"));
            entries.add(new Feature(PER_BS * b + 1, "bs" + b + "_throughput",
                    "BS " + b + ": GPU throughput μ_b, in image-steps/s",
                    "μ_b / " + (int) Observation.THROUGHPUT_SCALE));
            entries.add(new Feature(PER_BS * b + 2, "bs" + b + "_arrivals",
                    "BS " + b + ": tasks that arrived at b in the last slot", "count / N"));
        }
        return List.copyOf(entries);
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
}
