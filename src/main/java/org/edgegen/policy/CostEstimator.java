package org.edgegen.policy;

import org.edgegen.model.SystemModel;
import org.edgegen.model.channel.Radio;
import org.edgegen.model.cost.CostModel;
import org.edgegen.model.processing.Processing;
import org.edgegen.model.task.Task;

/**
 * A user's own estimate of an action's cost from what it observes, ignoring other users' simultaneous choices:
 * it assumes it has the whole uplink and downlink band to itself (K = 1, no interference) and that no task of
 * this slot is ahead of it in the queue (S_<n = 0). Only the model's formulas are used.
 */
public final class CostEstimator {

    private final SystemModel model;

    public CostEstimator(SystemModel model) {
        this.model = model;
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
        Processing processing = model.processing();
        double delay;
        double energy;
        if (!action.offload()) {
            delay = processing.localDelaySeconds(observation.localBacklogSeconds(), action.steps(),
                    observation.deviceStepSeconds());
            energy = processing.localEnergyJoules(action.steps(), observation.deviceStepSeconds());
        } else {
            CandidateView server = observation.candidates().get(action.server());
            Radio radio = model.radio();
            double upload = Processing.uploadSeconds(task.inputBits(),
                    radio.uplinkRateBitsPerSecond(1, observation.homeGain(), 0.0));
            double downlinkRate = radio.downlinkRateBitsPerSecond(1, observation.homeGain(), 0.0);
            double arrival = server.home()
                    ? Processing.homeArrivalSeconds(upload)
                    : processing.neighbourArrivalSeconds(upload, task.inputBits(),
                            server.backhaulRateToBitsPerSecond());
            double completion = Processing.completionSeconds(arrival, action.steps(), model.gpu(server.bs()),
                    server.backlogImageSteps(), 0.0);
            delay = server.home()
                    ? processing.homeDelaySeconds(completion, task.outputBits(), downlinkRate)
                    : processing.neighbourDelaySeconds(completion, task.outputBits(),
                            server.backhaulRateFromBitsPerSecond(), downlinkRate);
            energy = processing.offloadEnergyJoules(upload);
        }
        double error = model.steps().error(action.steps());
        CostModel costs = model.costs();
        return new Estimate(delay, energy, error, costs.cost(delay, energy, error),
                costs.penalty(delay, task.deadlineSeconds(), error, task.maxError(), energy, false));
    }
}
