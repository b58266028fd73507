package org.edgegen.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class BenchReportTest {

    private static final MachineInfo MACHINE = new MachineInfo(2, 1L << 30, "17", "Linux");

    private static BenchReport report(List<BenchRow> rows) {
        return new BenchReport("greedy-local", "default", 60, 1, 1, MACHINE, rows);
    }

    @Test
    void theSlowdownIsDirectThroughputOverActorThroughputAtTheSameUserCount() {
        BenchReport report = report(List.of(
                BenchRow.measured(100, 7, "direct",
                        new BenchMeasurement(6000, 0.01, OptionalDouble.empty(), 500, 0.02)),
                BenchRow.measured(100, 7, "actors",
                        new BenchMeasurement(6000, 0.04, OptionalDouble.empty(), 900, 0.06))));

        assertThat(report.actorsOverDirect(100)).hasValueSatisfying(r -> assertThat(r).isCloseTo(4.0, within(1e-9)));
        assertThat(report.actorsOverDirect(1000)).isEmpty();
        assertThat(report.table()).contains("4.00x").contains("600,000").contains("300,000").contains("0.060");
        @SuppressWarnings("unchecked")
        Map<String, Object> direct = ((List<Map<String, Object>>) report.toJson().get("results")).get(0);
        assertThat((Double) direct.get("userSlotsPerCpuSecond")).isCloseTo(300_000.0, within(1e-6));
    }

    @Test
    void theSteadyCpuRatioIsDirectOverActorSteadyUserSlotsPerCpuSecond() {
        BenchReport report = report(List.of(
                BenchRow.measured(100, 7, "direct", new BenchMeasurement(12000, 0.02, OptionalDouble.of(700_000),
                        500, 0.04, OptionalDouble.of(400_000))),
                BenchRow.measured(100, 7, "actors", new BenchMeasurement(12000, 0.08, OptionalDouble.of(200_000),
                        900, 0.3, OptionalDouble.of(160_000))),
                BenchRow.measured(1000, 7, "direct", new BenchMeasurement(60000, 0.1, OptionalDouble.empty(),
                        500, 0.2)),
                BenchRow.measured(1000, 7, "actors", new BenchMeasurement(60000, 0.4, OptionalDouble.empty(),
                        900, 0.6))));

        assertThat(report.steadyCpuActorsOverDirect(100))
                .hasValueSatisfying(r -> assertThat(r).isCloseTo(2.5, within(1e-9)));
        assertThat(report.steadyCpuActorsOverDirect(1000)).isEmpty();
        assertThat(report.table()).contains("2.50x").contains("160,000").contains("400,000");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> results = (List<Map<String, Object>>) report.toJson().get("results");
        assertThat((Double) results.get(1).get("steadyCpuActorsOverDirect")).isCloseTo(2.5, within(1e-9));
        assertThat((Double) results.get(0).get("steadyUserSlotsPerCpuSecond")).isCloseTo(400_000.0, within(1e-6));
        assertThat(results.get(0)).containsEntry("steadyCpuActorsOverDirect", null);
        assertThat(results.get(3)).containsEntry("steadyUserSlotsPerCpuSecond", null)
                .containsEntry("steadyCpuActorsOverDirect", null);
    }

    @Test
    void anUnavailableEngineIsShownAsSuchAndHasNoRatio() {
        BenchReport report = report(List.of(
                BenchRow.measured(10, 7, "direct",
                        new BenchMeasurement(50, 0.001, OptionalDouble.of(60000), 100, 0.002)),
                BenchRow.unavailable(10, 7, "actors", "not available: being written")));

        assertThat(report.actorsOverDirect(10)).isEmpty();
        assertThat(report.table()).contains("not available").contains("actors at 10 users: not available");
        @SuppressWarnings("unchecked")
        Map<String, Object> actors = ((List<Map<String, Object>>) report.toJson().get("results")).get(1);
        assertThat(actors).containsEntry("available", false).containsEntry("userSlotsPerSecond", null)
                .containsEntry("actorsOverDirect", null);
    }
}
