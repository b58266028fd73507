package org.edgegen.model.processing;

import org.edgegen.model.Scenario;
import org.edgegen.model.Scenario.DeviceParams;
import org.edgegen.model.diffusion.GpuProfile;

/**
 * Delay and energy of the three processing paths of SYSTEM-MODEL §5: on the device, at the home BS, and at a
 * neighbour BS reached over the backhaul.
 */
public final class Processing {

    private final DeviceParams device;
    private final double bsOverheadSeconds;
    private final double backhaulLatencySeconds;
    private final double uePowerWatts;

    public Processing(Scenario scenario, double uePowerWatts) {
        this.device = scenario.device();
        this.bsOverheadSeconds = scenario.edge().overheadSeconds();
        this.backhaulLatencySeconds = scenario.backhaul().latencySeconds();
        this.uePowerWatts = uePowerWatts;
    }

    /** Seconds of device work one local task adds: T0^U + c·τ^U_n. */
    public double localWorkSeconds(int steps, double deviceStepSeconds) {
        return device.overheadSeconds() + steps * deviceStepSeconds;
    }

    /** T^L = Q^U_n + T0^U + c·τ^U_n: the task waits for the device's FIFO backlog, then runs. */
    public double localDelaySeconds(double localBacklogSeconds, int steps, double deviceStepSeconds) {
        return localBacklogSeconds + localWorkSeconds(steps, deviceStepSeconds);
    }

    /** E^L = P^U (T0^U + c·τ^U_n). */
    public double localEnergyJoules(int steps, double deviceStepSeconds) {
        return device.powerWatts() * localWorkSeconds(steps, deviceStepSeconds);
    }

    /** Q^U_n(l+1) = [Q^U_n(l) + added work - Δ]^+. */
    public static double nextLocalBacklogSeconds(double backlogSeconds, double addedWorkSeconds, double slotSeconds) {
        return Math.max(0.0, backlogSeconds + addedWorkSeconds - slotSeconds);
    }

    /** t^up = B_n / r^U_n. */
    public static double uploadSeconds(double inputBits, double uplinkRateBitsPerSecond) {
        return inputBits / uplinkRateBitsPerSecond;
    }

    /** E^H = E^N = p_n t^up: the user pays only for its upload; relaying costs it nothing. */
    public double offloadEnergyJoules(double uploadSeconds) {
        return uePowerWatts * uploadSeconds;
    }

    /** Arrival at the home server: t^arr = t^up. */
    public static double homeArrivalSeconds(double uploadSeconds) {
        return uploadSeconds;
    }

    /** Arrival at a neighbour k: t^arr = t^up + B_n / R^BH_{h,k} + backhaul latency. */
    public double neighbourArrivalSeconds(double uploadSeconds, double inputBits, double backhaulRateBitsPerSecond) {
        return uploadSeconds + inputBits / backhaulRateBitsPerSecond + backhaulLatencySeconds;
    }

    /**
     * Completion at a first-come-first-served batched server:
     * t^C = max(t^arr + c·τ_b(1), (Q_b + S_<n + c)/μ_b).
     *
     * @param backlogImageSteps   Q_b at the start of the slot
     * @param aheadImageSteps     S_<n, image-steps of this slot's tasks that arrived before this one
     */
    public static double completionSeconds(
            double arrivalSeconds, int steps, GpuProfile gpu, double backlogImageSteps, double aheadImageSteps) {
        double alone = arrivalSeconds + steps * gpu.stepSeconds(1);
        double queued = (backlogImageSteps + aheadImageSteps + steps) / gpu.throughputImageStepsPerSecond();
        return Math.max(alone, queued);
    }

    /**
     * Whether a completion time t^C = max(t^arr + c τ_b(1), (Q_b + S_<n + c)/μ_b) was set by the queue (the second
     * term), so that any image-step served before the task delays it by 1/μ_b.
     */
    public static boolean queueBound(double arrivalSeconds, int steps, GpuProfile gpu, double completionSeconds) {
        return completionSeconds > arrivalSeconds + steps * gpu.stepSeconds(1);
    }

    /** T^H = t^C + T0^B + O_n / r^D_n. */
    public double homeDelaySeconds(double completionSeconds, double outputBits, double downlinkRateBitsPerSecond) {
        return completionSeconds + bsOverheadSeconds + outputBits / downlinkRateBitsPerSecond;
    }

    /**
     * T^N = t^C + T0^B + O_n / R^BH_{k,h} + backhaul latency + O_n / r^D_n (T0^B is 0 by default; it is kept
     * here so both edge paths pay the same server overhead).
     */
    public double neighbourDelaySeconds(
            double completionSeconds, double outputBits, double returnBackhaulRateBitsPerSecond,
            double downlinkRateBitsPerSecond) {
        return completionSeconds + bsOverheadSeconds + outputBits / returnBackhaulRateBitsPerSecond
                + backhaulLatencySeconds + outputBits / downlinkRateBitsPerSecond;
    }
}
