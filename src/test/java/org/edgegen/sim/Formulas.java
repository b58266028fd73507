package org.edgegen.sim;

import static org.assertj.core.api.Assertions.within;

import org.assertj.core.data.Offset;

/**
 * The formulas of SYSTEM-MODEL.md written out a second time, with its reference defaults, so that the actor tests
 * have an oracle of their own instead of asking the model package for the numbers it is meant to check.
 */
final class Formulas {

    /** Δ. */
    static final double SLOT_SECONDS = 1.0;
    /** W^U and W^D. */
    static final double UPLINK_HZ = 10e6;
    static final double DOWNLINK_HZ = 10e6;
    /** p_n = 23 dBm and P_B = 46 dBm. */
    static final double UE_POWER_WATTS = dbmToWatts(23);
    static final double BS_POWER_WATTS = dbmToWatts(46);
    /** N0 F_BS and N0 F_UE: -174 dBm/Hz with noise figures of 5 dB and 9 dB. */
    static final double BS_NOISE_WATTS_PER_HZ = dbmToWatts(-174 + 5);
    static final double UE_NOISE_WATTS_PER_HZ = dbmToWatts(-174 + 9);
    /** One-way backhaul latency τ^BH. */
    static final double BACKHAUL_LATENCY_SECONDS = 0.001;
    /** T0^U, P^U and T0^B. */
    static final double DEVICE_OVERHEAD_SECONDS = 0.5;
    static final double DEVICE_POWER_WATTS = 7.5;
    static final double BS_OVERHEAD_SECONDS = 0.0;
    /** T_ref, E_ref and ω = (1/3, 1/3, 1/3). */
    static final double DELAY_REF_SECONDS = 10.0;
    static final double ENERGY_REF_JOULES = 100.0;
    static final double WEIGHT = 1.0 / 3.0;
    /** ρ_T, ρ_ε, ρ_I (ρ_E never applies: E^max is infinite). */
    static final double RHO_DEADLINE = 1.0;
    static final double RHO_QUALITY = 1.0;
    static final double RHO_INVALID = 2.0;
    /** mean(C) for C = {5, 10, ..., 30}. */
    static final double MEAN_STEPS = 17.5;

    /** τ_b(k) = a_b + β_b k of one edge GPU. */
    record Gpu(double overheadSeconds, double secondsPerImage) {
        double stepSeconds(int batch) {
            return overheadSeconds + secondsPerImage * batch;
        }

        /** μ_b = 1/β_b. */
        double imageStepsPerSecond() {
            return 1.0 / secondsPerImage;
        }
    }

    static final Gpu A100 = new Gpu(0.019, 0.0192);
    static final Gpu T4 = new Gpu(0.007, 0.138);

    private Formulas() {}

    /** The GPU of a cell of the tiny scenario: {@code edge.gpus = [A100, T4]}. */
    static Gpu tinyGpu(int bs) {
        return bs == 0 ? A100 : T4;
    }

    static double dbmToWatts(double dbm) {
        return Math.pow(10.0, (dbm - 30.0) / 10.0);
    }

    static double log2(double x) {
        return Math.log(x) / Math.log(2.0);
    }

    /** r^U = W_n log2(1 + p g / (N0 F_BS W_n)), W_n = W^U / K^U. */
    static double uplinkRate(int sharingUsers, double gain) {
        double share = UPLINK_HZ / sharingUsers;
        return share * log2(1.0 + UE_POWER_WATTS * gain / (BS_NOISE_WATTS_PER_HZ * share));
    }

    /** r^D = W_n log2(1 + (P_B W_n / W^D) g / (N0 F_UE W_n)), W_n = W^D / K^D. */
    static double downlinkRate(int sharingUsers, double gain) {
        double share = DOWNLINK_HZ / sharingUsers;
        double power = BS_POWER_WATTS * share / DOWNLINK_HZ;
        return share * log2(1.0 + power * gain / (UE_NOISE_WATTS_PER_HZ * share));
    }

    /** t^C = max(t^arr + c τ_b(1), (Q_b + S_<n + c)/μ_b). */
    static double completion(double arrivalSeconds, int steps, Gpu gpu, double backlogImageSteps,
            double aheadImageSteps) {
        return Math.max(arrivalSeconds + steps * gpu.stepSeconds(1),
                (backlogImageSteps + aheadImageSteps + steps) / gpu.imageStepsPerSecond());
    }

    /** Q_b(l+1) = [Q_b + Σc + A^bg - μ_b Δ]^+. */
    static double nextServerBacklog(double backlogImageSteps, double servedImageSteps, double background,
            Gpu gpu) {
        return Math.max(0.0, backlogImageSteps + servedImageSteps + background
                - gpu.imageStepsPerSecond() * SLOT_SECONDS);
    }

    /** λ_b Δ = ρ^bg μ_b Δ / mean(C). */
    static double backgroundRequestsPerSlot(Gpu gpu, double utilisation) {
        return utilisation * gpu.imageStepsPerSecond() * SLOT_SECONDS / MEAN_STEPS;
    }

    /** T0^U + c τ^U. */
    static double localWork(int steps, double deviceStepSeconds) {
        return DEVICE_OVERHEAD_SECONDS + steps * deviceStepSeconds;
    }

    /** Q^U(l+1) = [Q^U + added work - Δ]^+. */
    static double nextLocalBacklog(double backlogSeconds, double addedWorkSeconds) {
        return Math.max(0.0, backlogSeconds + addedWorkSeconds - SLOT_SECONDS);
    }

    /** ε(c) = 1 - min(Q(c), 0.27)/0.27 with Q(c) = 0.16 log_6(c) - 0.02 (c >= 5). */
    static double error(int steps) {
        double quality = steps < 5 ? 0.0 : 0.16 * Math.log(steps) / Math.log(6.0) - 0.02;
        return 1.0 - Math.min(quality, 0.27) / 0.27;
    }

    /** C = ω1 T/T_ref + ω2 E/E_ref + ω3 ε. */
    static double cost(double delaySeconds, double energyJoules, double error) {
        return WEIGHT * delaySeconds / DELAY_REF_SECONDS + WEIGHT * energyJoules / ENERGY_REF_JOULES
                + WEIGHT * error;
    }

    /** r^P = ρ_T (1{T > T^max} + [T - T^max]^+/T^max) + ρ_ε 1{ε > ε^max} + ρ_I 1{failed}. */
    static double penalty(double delaySeconds, double deadlineSeconds, double error, double maxError,
            boolean failed) {
        double value = 0.0;
        if (delaySeconds > deadlineSeconds) {
            value += RHO_DEADLINE * (1.0 + (delaySeconds - deadlineSeconds) / deadlineSeconds);
        }
        if (error > maxError) {
            value += RHO_QUALITY;
        }
        if (failed) {
            value += RHO_INVALID;
        }
        return value;
    }

    /** A tolerance of a few ulps relative to the expected value (the order of floating-point operations differs). */
    static Offset<Double> close(double expected) {
        return within(Math.abs(expected) * 1e-12 + 1e-15);
    }
}
