package org.edgegen.policy;

import java.util.List;
import org.edgegen.model.SystemModel;
import org.edgegen.model.queue.Service;
import org.edgegen.model.slot.BackhaulRates;
import org.edgegen.model.slot.CellSteps;
import org.edgegen.model.slot.Delivery;
import org.edgegen.model.slot.Gains;
import org.edgegen.model.slot.Offload;
import org.edgegen.model.slot.Outcomes;
import org.edgegen.model.slot.ServedQueue;
import org.edgegen.model.slot.TaskOutcome;
import org.edgegen.model.slot.Upload;
import org.edgegen.model.task.Task;

/**
 * A user's own estimate of an action's cost from what it observes, ignoring other users' simultaneous choices:
 * it assumes it has the whole uplink and downlink band to itself (K = 1, no interference) and that no task of
 * this slot is ahead of it in the queue (S_<n = 0). It runs the slot's own steps ({@link CellSteps},
 * {@link Outcomes}) for a slot with this user alone, so the estimate is composed like a real outcome.
 */
public final class CostEstimator {

    /** Alone on the network: no other cell transmits, so no cross-cell gain is ever asked for. */
    private static final int[] NO_OTHER_CELLS = new int[0];
    private static final Gains NO_CROSS_CELL_GAINS = (user, bs) -> {
        throw new IllegalStateException("an estimate assumes no other cell transmits");
    };

    private final CellSteps cellSteps;
    private final Outcomes outcomes;

    public CostEstimator(SystemModel model) {
        this.cellSteps = new CellSteps(model);
        this.outcomes = new Outcomes(model);
    }

    /** The estimate of one action: its delay, energy, error and the resulting cost and penalty. */
    public record Estimate(double delaySeconds, double energyJoules, double error, double cost, double penalty) {

        /** Cost plus penalty: what a self-interested agent minimises. */
        public double objective() {
            return cost + penalty;
        }
    }

    public Estimate estimate(Observation observation, Action action) {
        Task task = observation.task().orElseThrow(() -> new IllegalArgumentException("no task to estimate"));
        TaskOutcome outcome = action.offload()
                ? offloaded(observation, task, action)
                : outcomes.local(task, action.steps(), observation.localBacklogSeconds(),
                        observation.deviceStepSeconds());
        return new Estimate(outcome.delaySeconds(), outcome.energyJoules(), outcome.error(), outcome.cost(),
                outcome.penalty());
    }

    private TaskOutcome offloaded(Observation observation, Task task, Action action) {
        CandidateView server = observation.candidates().get(action.server());
        int home = observation.candidates().get(0).bs();
        // the user knows the backhaul only between its home BS and its candidates
        BackhaulRates backhaul = (from, to) -> from == home
                ? server.backhaulRateToBitsPerSecond()
                : server.backhaulRateFromBitsPerSecond();
        Offload offload = new Offload(task.userId(), task, server.bs(), action.steps(), observation.homeGain());
        Upload upload = cellSteps.uplink(home, List.of(offload), 0.0, backhaul).get(0);
        // alone in the queue behind the observed backlog; the user does not know a queue cap, so none applies
        ServedQueue served = cellSteps.serve(server.bs(), server.backlogImageSteps(), Double.POSITIVE_INFINITY,
                List.of(upload.arrival()), 0.0);
        Service service = served.services().get(0);
        Delivery delivery = cellSteps.deliver(home, List.of(upload), user -> service, NO_OTHER_CELLS,
                NO_CROSS_CELL_GAINS).get(0);
        return outcomes.offloaded(task, home, server.bs(), action.steps(), delivery, backhaul);
    }
}
