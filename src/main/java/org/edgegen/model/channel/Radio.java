package org.edgegen.model.channel;

import java.util.SplittableRandom;
import org.edgegen.model.Scenario.RadioParams;
import org.edgegen.model.random.RandomStreams;
import org.edgegen.model.random.RandomStreams.Purpose;

/**
 * The channel of SYSTEM-MODEL §2: path loss, shadowing, Rayleigh block fading and the Shannon rates of the
 * equally shared uplink and downlink bands (OFDMA, no intra-cell interference; optional inter-cell interference
 * enters as an extra noise density).
 */
public final class Radio {

    private final RadioParams params;
    private final double uePowerWatts;
    private final double bsPowerWatts;
    private final double bsNoisePsdWattsPerHz;
    private final double ueNoisePsdWattsPerHz;

    public Radio(RadioParams params) {
        this.params = params;
        this.uePowerWatts = dbmToWatts(params.uePowerDbm());
        this.bsPowerWatts = dbmToWatts(params.bsPowerDbm());
        this.bsNoisePsdWattsPerHz = dbmToWatts(params.noisePsdDbmPerHz() + params.bsNoiseFigureDb());
        this.ueNoisePsdWattsPerHz = dbmToWatts(params.noisePsdDbmPerHz() + params.ueNoiseFigureDb());
    }

    /** dBm to watts: 10^((dBm - 30)/10). */
    public static double dbmToWatts(double dbm) {
        return Math.pow(10.0, (dbm - 30.0) / 10.0);
    }

    /** PL = intercept + slope·log10(d_km), in dB (128.1 + 37.6 log10(d) by default). */
    public double pathLossDb(double distanceMeters) {
        return params.pathLossInterceptDb() + params.pathLossSlopeDb() * Math.log10(distanceMeters / 1000.0);
    }

    /** The distance at which PL reaches {@code pathLossDb}: the inverse of {@link #pathLossDb}, in metres. */
    public double distanceForPathLossMeters(double pathLossDb) {
        return 1000.0 * Math.pow(10.0, (pathLossDb - params.pathLossInterceptDb()) / params.pathLossSlopeDb());
    }

    /** A shadowing draw X ~ N(0, σ²) in dB. */
    public double shadowingDb(SplittableRandom random) {
        return params.shadowingStdDb() * RandomStreams.gaussian(random);
    }

    /**
     * The k-th shadowing draw of the stream {@code new SplittableRandom(streamSeed)}, the same bits as the k-th
     * call of {@link #shadowingDb(SplittableRandom)} on it, without making the draws before it.
     */
    public double shadowingDb(long streamSeed, int k) {
        return params.shadowingStdDb() * RandomStreams.gaussianAt(streamSeed, k);
    }

    /** σ, the standard deviation of the shadowing in dB. */
    public double shadowingStdDb() {
        return params.shadowingStdDb();
    }

    /** Large-scale gain 10^(-(PL + X)/10), linear. */
    public static double largeScaleGain(double pathLossDb, double shadowingDb) {
        return Math.pow(10.0, -(pathLossDb + shadowingDb) / 10.0);
    }

    /**
     * Rayleigh block fading |h|² ~ Exp(1) of the link between {@code user} and {@code bs} in one slot: a pure
     * function of (seed, episode, user, slot, bs), whoever draws it.
     */
    public static double fading(long seed, int episode, int user, int slot, int bs) {
        return RandomStreams.exponential(RandomStreams.stream(seed, episode, Purpose.FADING, user, slot, bs));
    }

    /**
     * Uplink rate r^U = W_n log2(1 + p_n g / (W_n (N0 F_BS + I))) with W_n = W^U / K^U_b.
     *
     * @param sharingUsers                 K^U_b, users of the cell that offload in this slot (>= 1)
     * @param gain                         g_{n,b}(l), linear
     * @param interferencePsdWattsPerHz    I, inter-cell interference density at the BS (0 without the SINR option)
     */
    public double uplinkRateBitsPerSecond(int sharingUsers, double gain, double interferencePsdWattsPerHz) {
        double bandwidthHz = params.uplinkBandwidthHz() / sharingUsers;
        double sinr = uePowerWatts * gain / (bandwidthHz * (bsNoisePsdWattsPerHz + interferencePsdWattsPerHz));
        return bandwidthHz * log2(1.0 + sinr);
    }

    /**
     * Downlink rate with W_n = W^D / K^D_b and the BS power scaled by the share (P_B W_n / W^D):
     * r^D = W_n log2(1 + (P_B/W^D) g / (N0 F_UE + I)).
     *
     * @param sharingUsers                 K^D_b, users of the cell that receive a result in this slot (>= 1)
     * @param interferencePsdWattsPerHz    I, density from other transmitting BSs (0 without the SINR option)
     */
    public double downlinkRateBitsPerSecond(int sharingUsers, double gain, double interferencePsdWattsPerHz) {
        double bandwidthHz = params.downlinkBandwidthHz() / sharingUsers;
        double powerWatts = bsPowerWatts * bandwidthHz / params.downlinkBandwidthHz();
        double sinr = powerWatts * gain / (bandwidthHz * (ueNoisePsdWattsPerHz + interferencePsdWattsPerHz));
        return bandwidthHz * log2(1.0 + sinr);
    }

    /**
     * Interference density one offloading user of another cell causes at a BS under the average-overlap model:
     * its power p g spread over the whole uplink band, p g / W^U.
     */
    public double uplinkInterferencePsd(double gainToVictimBs) {
        return uePowerWatts * gainToVictimBs / params.uplinkBandwidthHz();
    }

    /** Interference density a transmitting BS causes at a user of another cell: P_B g / W^D. */
    public double downlinkInterferencePsd(double gainFromInterferingBs) {
        return bsPowerWatts * gainFromInterferingBs / params.downlinkBandwidthHz();
    }

    /** p_n in watts. */
    public double uePowerWatts() {
        return uePowerWatts;
    }

    public boolean interCellInterference() {
        return params.interCellInterference();
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2.0);
    }
}
