package org.edgegen.report;

import java.util.Optional;

/**
 * One engine at one user count: its measurement, or why there is none (e.g. the engine is not available).
 *
 * @param cells    B, the cells of the scenario measured at that user count
 * @param engine   {@code direct} or {@code actors}
 * @param note     empty when measured; otherwise what happened
 */
public record BenchRow(int users, int cells, String engine, Optional<BenchMeasurement> measurement, String note) {

    public static BenchRow measured(int users, int cells, String engine, BenchMeasurement measurement) {
        return new BenchRow(users, cells, engine, Optional.of(measurement), "");
    }

    public static BenchRow unavailable(int users, int cells, String engine, String why) {
        return new BenchRow(users, cells, engine, Optional.empty(), why);
    }
}
