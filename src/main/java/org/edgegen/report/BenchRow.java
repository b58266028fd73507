package org.edgegen.report;

import java.util.Optional;

/**
 * One engine at one user count: its measurement, or why there is none (e.g. the engine is not available).
 *
 * @param engine   {@code direct} or {@code actors}
 * @param note     empty when measured; otherwise what happened
 */
public record BenchRow(int users, String engine, Optional<BenchMeasurement> measurement, String note) {

    public static BenchRow measured(int users, String engine, BenchMeasurement measurement) {
        return new BenchRow(users, engine, Optional.of(measurement), "");
    }

    public static BenchRow unavailable(int users, String engine, String why) {
        return new BenchRow(users, engine, Optional.empty(), why);
    }
}
