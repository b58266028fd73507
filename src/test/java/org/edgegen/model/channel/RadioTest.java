package org.edgegen.model.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.edgegen.model.Scenarios;
import org.junit.jupiter.api.Test;

class RadioTest {

    private final Radio radio = new Radio(Scenarios.defaults().radio());

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    @Test
    void pathLossAt250MetresFollowsThe3gppFormula() {
        double expected = 128.1 + 37.6 * Math.log10(0.25);
        assertThat(radio.pathLossDb(250)).isCloseTo(expected, within(1e-9));
    }

    @Test
    void pathLossAtOneKilometreIsTheIntercept() {
        assertThat(radio.pathLossDb(1000)).isCloseTo(128.1, within(1e-9));
    }

    @Test
    void twentyThreeDbmIsAboutAFifthOfAWatt() {
        assertThat(Radio.dbmToWatts(23)).isCloseTo(0.19953, within(1e-5));
        assertThat(Radio.dbmToWatts(30)).isCloseTo(1.0, within(1e-12));
        assertThat(radio.uePowerWatts()).isCloseTo(0.19953, within(1e-5));
    }

    @Test
    void largeScaleGainUndoesPathLossPlusShadowing() {
        double expected = Math.pow(10, -(120.0 + 3.0) / 10);
        assertThat(Radio.largeScaleGain(120.0, 3.0)).isCloseTo(expected, within(1e-20));
    }

    @Test
    void uplinkRateOfASingleUserUsesTheWholeBand() {
        double gain = 1e-12;
        double noise = Math.pow(10, (-174 + 5 - 30) / 10.0) * 10e6;
        double expected = 10e6 * log2(1 + 0.19952623 * gain / noise);
        assertThat(radio.uplinkRateBitsPerSecond(1, gain, 0.0)).isCloseTo(expected, within(10.0));
    }

    @Test
    void twoUplinkUsersEachGetHalfTheBandAndHalfTheNoise() {
        double gain = 1e-12;
        double halfBand = 10e6 / 2;
        double noise = Math.pow(10, (-174 + 5 - 30) / 10.0) * halfBand;
        double expected = halfBand * log2(1 + 0.19952623 * gain / noise);
        double shared = radio.uplinkRateBitsPerSecond(2, gain, 0.0);
        assertThat(shared).isCloseTo(expected, within(10.0));
        // each keeps its full power on half the noise, so it gets more than half the single-user rate
        assertThat(shared).isGreaterThan(radio.uplinkRateBitsPerSecond(1, gain, 0.0) / 2);
    }

    @Test
    void downlinkRateUsesTheBsPowerOverTheUeNoise() {
        double gain = 1e-12;
        double noise = Math.pow(10, (-174 + 9 - 30) / 10.0) * 10e6;
        double expected = 10e6 * log2(1 + Math.pow(10, (46 - 30) / 10.0) * gain / noise);
        assertThat(radio.downlinkRateBitsPerSecond(1, gain, 0.0)).isCloseTo(expected, within(10.0));
    }

    @Test
    void downlinkPowerScalesWithTheShareSoTwoUsersGetExactlyHalfTheRate() {
        double gain = 3e-11;
        double band = 10e6 / 2;
        double power = Math.pow(10, (46 - 30) / 10.0) * band / 10e6;
        double noise = Math.pow(10, (-174 + 9 - 30) / 10.0) * band;
        double expected = band * log2(1 + power * gain / noise);
        double shared = radio.downlinkRateBitsPerSecond(2, gain, 0.0);
        assertThat(shared).isCloseTo(expected, within(10.0));
        assertThat(shared).isCloseTo(radio.downlinkRateBitsPerSecond(1, gain, 0.0) / 2, within(1e-3));
    }

    @Test
    void interferenceLowersBothRates() {
        double gain = 1e-12;
        double interference = radio.uplinkInterferencePsd(1e-13);
        assertThat(interference).isCloseTo(0.19952623 * 1e-13 / 10e6, within(1e-28));
        assertThat(radio.uplinkRateBitsPerSecond(1, gain, interference))
                .isLessThan(radio.uplinkRateBitsPerSecond(1, gain, 0.0));
        double downlinkInterference = radio.downlinkInterferencePsd(1e-13);
        assertThat(downlinkInterference).isCloseTo(Math.pow(10, 1.6) * 1e-13 / 10e6, within(1e-25));
        assertThat(radio.downlinkRateBitsPerSecond(1, gain, downlinkInterference))
                .isLessThan(radio.downlinkRateBitsPerSecond(1, gain, 0.0));
    }

    @Test
    void fadingIsAPureFunctionOfItsKeys() {
        double once = Radio.fading(42L, 3, 7, 11, 2);
        assertThat(Radio.fading(42L, 3, 7, 11, 2)).isEqualTo(once);
        assertThat(Radio.fading(42L, 3, 7, 12, 2)).isNotEqualTo(once);
        assertThat(Radio.fading(42L, 3, 7, 11, 3)).isNotEqualTo(once);
        assertThat(once).isPositive();
    }

    @Test
    void fadingPowerHasUnitMeanOverManySlots() {
        double sum = 0;
        int slots = 20_000;
        for (int slot = 0; slot < slots; slot++) {
            sum += Radio.fading(7L, 0, 1, slot, 0);
        }
        // Exp(1): standard error of the mean is 1/sqrt(20000) ≈ 0.007
        assertThat(sum / slots).isCloseTo(1.0, within(0.04));
    }
}
