package org.edgegen.model.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.edgegen.model.Scenarios;
import org.edgegen.model.diffusion.ClipQualityError;
import org.edgegen.model.diffusion.GpuProfile;
import org.edgegen.model.diffusion.StepChoices;
import org.junit.jupiter.api.Test;

class ServerQueueTest {

    private static final GpuProfile A100 = Scenarios.A100;
    private static final double NO_CAP = Double.POSITIVE_INFINITY;
    private static final StepChoices STEPS = new StepChoices(List.of(5, 10, 15, 20, 25, 30), ClipQualityError.DEFAULT);

    @Test
    void tasksAreServedByArrivalTimeThenByUserId() {
        List<Arrival> arrivals = List.of(new Arrival(3, 0.5, 10), new Arrival(1, 0.5, 20), new Arrival(2, 0.2, 5));
        List<Service> services = ServerQueue.resolve(A100, 0.0, NO_CAP, arrivals);
        assertThat(services).extracting(Service::userId).containsExactly(2, 1, 3);
    }

    @Test
    void imageStepsAheadAccumulateOverEarlierArrivals() {
        List<Arrival> arrivals = List.of(new Arrival(3, 0.5, 10), new Arrival(1, 0.5, 20), new Arrival(2, 0.2, 5));
        List<Service> services = ServerQueue.resolve(A100, 0.0, NO_CAP, arrivals);
        assertThat(services).extracting(Service::aheadImageSteps).containsExactly(0.0, 5.0, 25.0);
    }

    @Test
    void anEarlyTaskOnAnIdleServerFinishesAfterItsOwnSteps() {
        List<Service> services = ServerQueue.resolve(A100, 0.0, NO_CAP, List.of(new Arrival(0, 0.2, 20)));
        double alone = 0.2 + 20 * (0.019 + 0.0192);
        double queued = (0.0 + 0.0 + 20) * 0.0192;
        assertThat(alone).isGreaterThan(queued);
        assertThat(services.get(0).completionSeconds()).isCloseTo(alone, within(1e-12));
        assertThat(services.get(0).dropped()).isFalse();
    }

    @Test
    void aTaskBehindABacklogFinishesWhenTheQueueDrainsAtTheSaturatedRate() {
        List<Service> services = ServerQueue.resolve(A100, 100.0, NO_CAP,
                List.of(new Arrival(0, 0.1, 10), new Arrival(1, 0.3, 20)));
        double alone = 0.3 + 20 * (0.019 + 0.0192);
        double queued = (100.0 + 10 + 20) * 0.0192;
        assertThat(queued).isGreaterThan(alone);
        assertThat(services.get(1).completionSeconds()).isCloseTo(queued, within(1e-12));
    }

    @Test
    void aTaskBeyondTheCapIsDroppedAndDoesNotCountForLaterOnes() {
        List<Arrival> arrivals = List.of(new Arrival(0, 0.1, 20), new Arrival(1, 0.2, 20), new Arrival(2, 0.3, 5));
        List<Service> services = ServerQueue.resolve(A100, 0.0, 25.0, arrivals);
        assertThat(services).extracting(Service::dropped).containsExactly(false, true, false);
        assertThat(services.get(1).completionSeconds()).isNaN();
        // 0 + 20 + 5 = 25 fits exactly because the dropped 20 is not ahead
        assertThat(services.get(2).aheadImageSteps()).isEqualTo(20.0);
        double expected = Math.max(0.3 + 5 * (0.019 + 0.0192), (0.0 + 20 + 5) * 0.0192);
        assertThat(services.get(2).completionSeconds()).isCloseTo(expected, within(1e-12));
    }

    @Test
    void theBacklogStartsTheCapCount() {
        List<Service> services = ServerQueue.resolve(A100, 20.0, 25.0, List.of(new Arrival(0, 0.1, 10)));
        assertThat(services.get(0).dropped()).isTrue();
    }

    @Test
    void nextBacklogAddsServedAndBackgroundStepsAndDrainsOneSlotOfThroughput() {
        double next = ServerQueue.nextBacklogImageSteps(100.0, 20.0, 5.0, A100, 1.0);
        assertThat(next).isCloseTo(100.0 + 20.0 + 5.0 - (1 / 0.0192) * 1.0, within(1e-9));
    }

    @Test
    void nextBacklogIsNeverNegative() {
        assertThat(ServerQueue.nextBacklogImageSteps(10.0, 20.0, 5.0, A100, 1.0)).isEqualTo(0.0);
    }

    @Test
    void backgroundRateGivesTheConfiguredUtilisation() {
        double expected = 0.3 * (1 / 0.0192) / ((5 + 10 + 15 + 20 + 25 + 30) / 6.0) * 1.0;
        assertThat(ServerQueue.backgroundRequestsPerSlot(A100, 0.3, STEPS, 1.0)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void backgroundDrawsArePureFunctionsOfTheirKeys() {
        double once = ServerQueue.backgroundImageSteps(9L, 2, 4, 17, 3.0, STEPS);
        assertThat(ServerQueue.backgroundImageSteps(9L, 2, 4, 17, 3.0, STEPS)).isEqualTo(once);
        boolean anyDiffers = false;
        for (int slot = 18; slot < 40; slot++) {
            anyDiffers |= ServerQueue.backgroundImageSteps(9L, 2, 4, slot, 3.0, STEPS) != once;
        }
        assertThat(anyDiffers).isTrue();
    }

    @Test
    void backgroundLoadAveragesLambdaDeltaTimesTheMeanSteps() {
        double requestsPerSlot = 0.3 * (1 / 0.0192) / 17.5;
        int slots = 10_000;
        double total = 0;
        for (int slot = 0; slot < slots; slot++) {
            total += ServerQueue.backgroundImageSteps(1L, 0, 0, slot, requestsPerSlot, STEPS);
        }
        // compound Poisson: standard deviation of the mean ≈ sqrt(λΔ·E[C²]/slots) ≈ 0.18 image-steps
        assertThat(total / slots).isCloseTo(requestsPerSlot * 17.5, within(1.0));
    }
}
