package org.edgegen.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TellFloorTest {

    @Test
    void everyRoundIsATellToEachUserAndAnAnswerFromEach() {
        List<TellFloor.Trial> trials = TellFloor.measure(25, 40, 3);

        assertThat(trials).hasSize(3).allSatisfy(t -> {
            assertThat(t.users()).isEqualTo(25);
            assertThat(t.rounds()).isEqualTo(40);
            assertThat(t.messages()).isEqualTo(2L * 25 * 40);
            assertThat(t.wallMicrosPerMessage()).isPositive();
        });
        double median = TellFloor.medianCpuMicros(trials);
        assertThat(trials.stream().filter(t -> t.cpuMicrosPerMessage() <= median)).hasSizeGreaterThanOrEqualTo(2);
        assertThat(trials.stream().filter(t -> t.cpuMicrosPerMessage() >= median)).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void emptyMeasurementsAreRefused() {
        assertThatThrownBy(() -> TellFloor.measure(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TellFloor.measure(1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TellFloor.measure(1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
