package org.edgegen.learn;

import java.util.function.IntToDoubleFunction;
import java.util.function.IntUnaryOperator;
import org.edgegen.model.SystemModel;
import org.edgegen.model.slot.SlotState;
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
            g[PER_BS * b] = backlogImageSteps.applyAsDouble(b) / mu / refSeconds;
            g[PER_BS * b + 1] = mu / Observation.THROUGHPUT_SCALE;
            g[PER_BS * b + 2] = (double) lastArrivals.applyAsInt(b) / users;
        }
        return g;
    }
}
