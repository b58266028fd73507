package org.edgegen.model.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.edgegen.model.Scenarios;
import org.junit.jupiter.api.Test;

class ProcessingTest {

    private final Processing processing = new Processing(Scenarios.defaults(), Math.pow(10, (23 - 30) / 10.0));

    @Test
    void localDelayIsBacklogPlusOverheadPlusStepsTimesStepTime() {
        double expected = 2.0 + 0.5 + 20 * 0.4;
        assertThat(processing.localDelaySeconds(2.0, 20, 0.4)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void localEnergyIsDevicePowerTimesGenerationTimeWithoutTheBacklog() {
        double expected = 7.5 * (0.5 + 20 * 0.4);
        assertThat(processing.localEnergyJoules(20, 0.4)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void localBacklogGrowsByTheWorkAndDrainsOneSlot() {
        double work = processing.localWorkSeconds(30, 0.4);
        assertThat(work).isCloseTo(0.5 + 30 * 0.4, within(1e-12));
        assertThat(Processing.nextLocalBacklogSeconds(2.0, 12.5, 1.0)).isCloseTo(2.0 + 12.5 - 1.0, within(1e-12));
    }

    @Test
    void localBacklogNeverGoesNegative() {
        assertThat(Processing.nextLocalBacklogSeconds(0.3, 0.0, 1.0)).isEqualTo(0.0);
    }

    @Test
    void offloadEnergyIsTransmitPowerTimesUploadTime() {
        double upload = Processing.uploadSeconds(4e6, 20e6);
        assertThat(upload).isCloseTo(0.2, within(1e-12));
        assertThat(processing.offloadEnergyJoules(upload)).isCloseTo(0.19952623 * 0.2, within(1e-9));
    }

    @Test
    void homeArrivalIsTheEndOfTheUpload() {
        assertThat(Processing.homeArrivalSeconds(0.37)).isEqualTo(0.37);
    }

    @Test
    void homeDelayAddsTheDownloadToTheCompletion() {
        double expected = 1.5 + 0.0 + 0.8e6 / 40e6;
        assertThat(processing.homeDelaySeconds(1.5, 0.8e6, 40e6)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void neighbourArrivalAddsTheBackhaulTransferAndOneMillisecond() {
        double expected = 0.2 + 4e6 / 450e6 + 0.001;
        assertThat(processing.neighbourArrivalSeconds(0.2, 4e6, 450e6)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void offloadingToANeighbourAddsBackhaulDelayOnTheWayBack() {
        double expected = 1.5 + 0.8e6 / 420e6 + 0.001 + 0.8e6 / 40e6;
        assertThat(processing.neighbourDelaySeconds(1.5, 0.8e6, 420e6, 40e6)).isCloseTo(expected, within(1e-12));
        assertThat(processing.neighbourDelaySeconds(1.5, 0.8e6, 420e6, 40e6)
                - processing.homeDelaySeconds(1.5, 0.8e6, 40e6)).isCloseTo(0.8e6 / 420e6 + 0.001, within(1e-12));
    }
}
