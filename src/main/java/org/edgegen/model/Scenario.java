package org.edgegen.model;

import java.util.List;
import org.edgegen.model.diffusion.GpuProfile;
import org.edgegen.model.diffusion.StepChoices;

/**
 * A complete, validated scenario: every parameter of the system model in SI units (seconds, bits, bit/s, Hz,
 * watts, joules, metres; decibel quantities in dB/dBm as named). Built by the config layer from HOCON.
 */
public record Scenario(
        String name,
        TimeParams time,
        LayoutParams layout,
        int userCount,
        BackhaulParams backhaul,
        RadioParams radio,
        TaskParams tasks,
        DeviceParams device,
        EdgeParams edge,
        StepChoices diffusion,
        CostParams cost,
        PenaltyParams penalty,
        MdpParams mdp,
        OptParams opt) {

    /** Δ and L: slot length and slots per episode. */
    public record TimeParams(double slotSeconds, int slotsPerEpisode) {}

    /** The BS layout kind. */
    public enum LayoutKind { HEX, GRID }

    /**
     * Where the base stations stand and which of them cooperate.
     *
     * @param hexRings                 rings around the centre cell (0: 1 cell, 1: 7 cells, 2: 19 cells)
     * @param neighbourRadiusFactor    BSs within this factor × ISD are neighbours
     * @param cooperation              whether users may offload to a neighbour of their home BS
     */
    public record LayoutParams(
            LayoutKind kind,
            int hexRings,
            int gridRows,
            int gridColumns,
            double interSiteDistanceMeters,
            double neighbourRadiusFactor,
            double minUserDistanceMeters,
            boolean cooperation) {

        public int cellCount() {
            return switch (kind) {
                case HEX -> 1 + 3 * hexRings * (hexRings + 1);
                case GRID -> gridRows * gridColumns;
            };
        }
    }

    /** R^BH ~ U[min, max] per directed BS pair and episode, plus a one-way latency. */
    public record BackhaulParams(Range rateBitsPerSecond, double latencySeconds) {}

    /** Channel and radio parameters (3GPP TR 36.814 style). */
    public record RadioParams(
            double pathLossInterceptDb,
            double pathLossSlopeDb,
            double shadowingStdDb,
            double noisePsdDbmPerHz,
            double bsNoiseFigureDb,
            double ueNoiseFigureDb,
            double uplinkBandwidthHz,
            double downlinkBandwidthHz,
            double uePowerDbm,
            double bsPowerDbm,
            boolean interCellInterference) {}

    /** The per-slot text-to-image request process of each user. */
    public record TaskParams(
            double arrivalProbability,
            Range inputBits,
            Range outputBits,
            Range maxError,
            Range deadlineSeconds) {}

    /** The user device: τ^U ~ U[min, max] s/step drawn per episode, fixed overhead T0^U, power P^U. */
    public record DeviceParams(Range stepSeconds, double overheadSeconds, double powerWatts) {}

    /**
     * The edge servers.
     *
     * @param gpuPerCell               the GPU of each cell's server, in BS order
     * @param overheadSeconds          T0^B, fixed per-task overhead at the BS
     * @param backgroundUtilisation    ρ^bg, the share of μ_b taken by uncontrolled background requests
     * @param queueCapImageSteps       Q^max_b; a task that would push the queue beyond it is dropped
     *                                 ({@link Double#POSITIVE_INFINITY} for no cap)
     */
    public record EdgeParams(
            List<GpuProfile> gpuPerCell,
            double overheadSeconds,
            double backgroundUtilisation,
            double queueCapImageSteps) {

        public EdgeParams {
            gpuPerCell = List.copyOf(gpuPerCell);
        }
    }

    /** Weights ω and normalisers of the weighted cost C = ω1 T/T_ref + ω2 E/E_ref + ω3 ε. */
    public record CostParams(
            double delayWeight,
            double energyWeight,
            double errorWeight,
            double delayRefSeconds,
            double energyRefJoules) {}

    /** Penalty weights ρ and the energy budget E^max ({@link Double#POSITIVE_INFINITY} for none). */
    public record PenaltyParams(
            double deadlineWeight,
            double qualityWeight,
            double energyWeight,
            double invalidWeight,
            double energyMaxJoules) {}

    /**
     * What each agent sees and how far ahead it looks.
     *
     * @param discount            γ
     * @param maxCandidates       candidate-server slots in the observation (home + neighbours, padded)
     * @param maskStepsBelowMin   whether actions with c < c^min_n are masked
     * @param finishFeatures      whether the observation also holds the user's own estimate of its finish time on
     *                            the device and at every candidate server, for a task of c^min_n steps
     * @param prior               the decentralised baseline whose choice the observation also holds (the residual
     *                            prior of the actor), or {@link #NO_PRIOR}
     * @param priorWeight         the value of the prior's chosen option of each head in those features, which the
     *                            actor adds to its logits
     * @param loadFeatures        whether the observation also holds the absolute load of the user's home cell (its
     *                            users, their expected requests per slot, the home server's last-slot arrivals), on
     *                            fixed scales rather than divided by the episode's N
     * @param rateFeature         whether the observation also holds the task arrival probability p_a (the episode's,
     *                            when training draws it), so that a policy trained over many loads can tell few
     *                            often-active users from many rarely-active ones
     */
    public record MdpParams(double discount, int maxCandidates, boolean maskStepsBelowMin, boolean finishFeatures,
            String prior, double priorWeight, boolean loadFeatures, boolean rateFeature) {

        /** The word of {@code edgegen.mdp.prior} for no prior. */
        public static final String NO_PRIOR = "none";

        /** Without the finish-time features and without a prior (the default). */
        public MdpParams(double discount, int maxCandidates, boolean maskStepsBelowMin) {
            this(discount, maxCandidates, maskStepsBelowMin, false);
        }

        /** Without a prior (the default). */
        public MdpParams(double discount, int maxCandidates, boolean maskStepsBelowMin, boolean finishFeatures) {
            this(discount, maxCandidates, maskStepsBelowMin, finishFeatures, NO_PRIOR, 0.0);
        }

        /** Without the load features (the default). */
        public MdpParams(double discount, int maxCandidates, boolean maskStepsBelowMin, boolean finishFeatures,
                String prior, double priorWeight) {
            this(discount, maxCandidates, maskStepsBelowMin, finishFeatures, prior, priorWeight, false);
        }

        /** Without the rate feature (the default). */
        public MdpParams(double discount, int maxCandidates, boolean maskStepsBelowMin, boolean finishFeatures,
                String prior, double priorWeight, boolean loadFeatures) {
            this(discount, maxCandidates, maskStepsBelowMin, finishFeatures, prior, priorWeight, loadFeatures, false);
        }

        /** Whether the observation holds a prior's choice. */
        public boolean hasPrior() {
            return !NO_PRIOR.equals(prior);
        }
    }

    /** Limits of the exact per-slot optimum. */
    public record OptParams(long maxJointActions) {}

    public int cellCount() {
        return layout.cellCount();
    }

    /** The same scenario with N users and arrival probability p_a (what a training episode of a load range plays). */
    public Scenario withLoad(int users, double arrivalProbability) {
        TaskParams t = new TaskParams(arrivalProbability, tasks.inputBits(), tasks.outputBits(), tasks.maxError(),
                tasks.deadlineSeconds());
        return new Scenario(name, time, layout, users, backhaul, radio, t, device, edge, diffusion, cost, penalty, mdp,
                opt);
    }
}
