package org.edgegen.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The result of {@code edgegen bench}: for each user count and engine, throughput and heap per user, and how many
 * times slower the actor engine is than the bare single-threaded loop. Printed as a table, saved as
 * {@code bench.json}.
 */
public record BenchReport(String policy, String scenario, int slotsPerEpisode, int episodes, long seed,
        OptionalDouble usersPerCell, MachineInfo machine, List<BenchRow> rows, List<BenchUpdate> updates) {

    public static final String FILE = "bench.json";

    public BenchReport {
        rows = List.copyOf(rows);
        updates = List.copyOf(updates);
    }

    /** A report of the scenario's own layout at every user count, without update timings. */
    public BenchReport(String policy, String scenario, int slotsPerEpisode, int episodes, long seed,
            MachineInfo machine, List<BenchRow> rows) {
        this(policy, scenario, slotsPerEpisode, episodes, seed, OptionalDouble.empty(), machine, rows, List.of());
    }

    /**
     * Direct user-slots/s over actor user-slots/s at the same user count (above 1: the actors are slower), when
     * both were measured.
     */
    public Optional<Double> actorsOverDirect(int users) {
        Optional<BenchMeasurement> direct = find(users, "direct");
        Optional<BenchMeasurement> actors = find(users, "actors");
        if (direct.isEmpty() || actors.isEmpty()) {
            return Optional.empty();
        }
        double ratio = direct.get().userSlotsPerSecond() / actors.get().userSlotsPerSecond();
        return Double.isFinite(ratio) ? Optional.of(ratio) : Optional.empty();
    }

    /**
     * Direct over actor steady user-slots per CPU-second at the same user count (above 1: each actor user-slot
     * costs more CPU), when both engines ran two episodes or more with a CPU clock.
     */
    public Optional<Double> steadyCpuActorsOverDirect(int users) {
        Optional<BenchMeasurement> direct = find(users, "direct");
        Optional<BenchMeasurement> actors = find(users, "actors");
        if (direct.isEmpty() || actors.isEmpty() || direct.get().steadyUserSlotsPerCpuSecond().isEmpty()
                || actors.get().steadyUserSlotsPerCpuSecond().isEmpty()) {
            return Optional.empty();
        }
        double ratio = direct.get().steadyUserSlotsPerCpuSecond().getAsDouble()
                / actors.get().steadyUserSlotsPerCpuSecond().getAsDouble();
        return Double.isFinite(ratio) ? Optional.of(ratio) : Optional.empty();
    }

    private Optional<BenchMeasurement> find(int users, String engine) {
        return rows.stream().filter(r -> r.users() == users && r.engine().equals(engine)).findFirst()
                .flatMap(BenchRow::measurement);
    }

    /** The table for the terminal, lines separated by {@code \n}, ending with one. */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "bench: %s on %s%s, %d slots x %d episode%s, seed %d; %d cores, "
                        + "max heap %d MiB, Java %s, GC %s%n", policy, scenario,
                usersPerCell.isPresent()
                        ? String.format(Locale.ROOT, " (layout grown to %.4g users per cell)", usersPerCell.getAsDouble())
                        : "",
                slotsPerEpisode, episodes, episodes == 1 ? "" : "s", seed, machine.availableProcessors(),
                machine.maxHeapBytes() >> 20, machine.javaVersion(), machine.garbageCollectors()));
        String format = "%8s  %7s  %-7s  %18s  %11s  %24s  %16s  %16s  %10s  %21s  %27s  %25s%n";
        out.append(String.format(Locale.ROOT, format, "users", "cells", "engine", "userSlotsPerSecond", "wallSeconds",
                "steadyUserSlotsPerSecond", "heapBytesPerUser", "actorsOverDirect", "cpuSeconds",
                "userSlotsPerCpuSecond", "steadyUserSlotsPerCpuSecond", "steadyCpuActorsOverDirect"));
        for (BenchRow row : rows) {
            String ratio = row.engine().equals("actors")
                    ? actorsOverDirect(row.users()).map(r -> String.format(Locale.ROOT, "%.2fx", r)).orElse("-")
                    : "";
            String cpuRatio = row.engine().equals("actors")
                    ? steadyCpuActorsOverDirect(row.users()).map(r -> String.format(Locale.ROOT, "%.2fx", r))
                            .orElse("-")
                    : "";
            if (row.measurement().isPresent()) {
                BenchMeasurement m = row.measurement().get();
                out.append(String.format(Locale.ROOT, format, row.users(), row.cells(), row.engine(),
                        String.format(Locale.ROOT, "%,.0f", m.userSlotsPerSecond()),
                        String.format(Locale.ROOT, "%.3f", m.wallSeconds()),
                        m.steadyUserSlotsPerSecond().isPresent()
                                ? String.format(Locale.ROOT, "%,.0f", m.steadyUserSlotsPerSecond().getAsDouble())
                                : "-",
                        String.format(Locale.ROOT, "%,.0f", m.heapBytesPerUser()), ratio,
                        Double.isNaN(m.cpuSeconds()) ? "-" : String.format(Locale.ROOT, "%.3f", m.cpuSeconds()),
                        Double.isNaN(m.cpuSeconds()) ? "-"
                                : String.format(Locale.ROOT, "%,.0f", m.userSlotsPerCpuSecond()),
                        m.steadyUserSlotsPerCpuSecond().isPresent()
                                ? String.format(Locale.ROOT, "%,.0f", m.steadyUserSlotsPerCpuSecond().getAsDouble())
                                : "-",
                        cpuRatio));
            } else {
                out.append(String.format(Locale.ROOT, format, row.users(), row.cells(), row.engine(), "not available",
                        "-", "-", "-", ratio, "-", "-", "-", cpuRatio));
            }
        }
        if (!updates.isEmpty()) {
            String updateFormat = "%8s  %7s  %11s  %12s  %13s  %10s  %27s%n";
            out.append(String.format(Locale.ROOT, updateFormat, "users", "cells", "transitions", "criticInputs",
                    "gradientSteps", "ppoUpdateS", "ppoUpdateSPer10kTransitions"));
            for (BenchUpdate update : updates) {
                out.append(String.format(Locale.ROOT, updateFormat, update.users(), update.cells(),
                        String.format(Locale.ROOT, "%,d", update.transitions()), update.criticInputs(),
                        update.gradientSteps(), String.format(Locale.ROOT, "%.3f", update.seconds()),
                        String.format(Locale.ROOT, "%.3f", update.secondsPerTenThousandTransitions())));
            }
        }
        for (BenchRow row : rows) {
            if (!row.note().isEmpty()) {
                out.append(String.format(Locale.ROOT, "%s at %d users: %s%n", row.engine(), row.users(), row.note()));
            }
        }
        return out.toString().replace(System.lineSeparator(), "\n").replaceAll(" +\n", "\n");
    }

    /** The JSON tree of {@code bench.json}. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy", policy);
        m.put("scenario", scenario);
        m.put("slotsPerEpisode", slotsPerEpisode);
        m.put("episodes", episodes);
        m.put("seed", seed);
        m.put("usersPerCell", usersPerCell.isPresent() ? Numbers.json(usersPerCell.getAsDouble()) : null);
        m.put("machine", machine.toJson());
        List<Map<String, Object>> results = new ArrayList<>();
        for (BenchRow row : rows) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("users", row.users());
            r.put("cells", row.cells());
            r.put("engine", row.engine());
            r.put("available", row.measurement().isPresent());
            BenchMeasurement measured = row.measurement().orElse(null);
            r.put("userSlots", measured == null ? null : measured.userSlots());
            r.put("userSlotsPerSecond", measured == null ? null : Numbers.json(measured.userSlotsPerSecond()));
            r.put("wallSeconds", measured == null ? null : Numbers.json(measured.wallSeconds()));
            r.put("steadyUserSlotsPerSecond", measured == null || measured.steadyUserSlotsPerSecond().isEmpty()
                    ? null : Numbers.json(measured.steadyUserSlotsPerSecond().getAsDouble()));
            r.put("heapBytesPerUser", measured == null ? null : Numbers.json(measured.heapBytesPerUser()));
            r.put("actorsOverDirect", row.engine().equals("actors")
                    ? actorsOverDirect(row.users()).orElse(null) : null);
            r.put("cpuSeconds", measured == null || Double.isNaN(measured.cpuSeconds()) ? null
                    : Numbers.json(measured.cpuSeconds()));
            r.put("userSlotsPerCpuSecond", measured == null || Double.isNaN(measured.cpuSeconds()) ? null
                    : Numbers.json(measured.userSlotsPerCpuSecond()));
            r.put("steadyUserSlotsPerCpuSecond", measured == null || measured.steadyUserSlotsPerCpuSecond().isEmpty()
                    ? null : Numbers.json(measured.steadyUserSlotsPerCpuSecond().getAsDouble()));
            r.put("steadyCpuActorsOverDirect", row.engine().equals("actors")
                    ? steadyCpuActorsOverDirect(row.users()).orElse(null) : null);
            r.put("note", row.note());
            results.add(r);
        }
        m.put("results", results);
        List<Map<String, Object>> timings = new ArrayList<>();
        for (BenchUpdate update : updates) {
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("users", update.users());
            u.put("cells", update.cells());
            u.put("transitions", update.transitions());
            u.put("criticInputs", update.criticInputs());
            u.put("gradientSteps", update.gradientSteps());
            u.put("seconds", Numbers.json(update.seconds()));
            u.put("secondsPer10kTransitions", Numbers.json(update.secondsPerTenThousandTransitions()));
            timings.add(u);
        }
        m.put("ppoUpdates", timings);
        return m;
    }

    /**
     * Writes {@code bench.json} into {@code dir}, creating it if needed.
     *
     * @return the file written
     * @throws org.edgegen.model.InputException if {@code dir} is a file or cannot be created
     */
    public Path write(Path dir) throws IOException {
        OutputDirectory.prepare(dir, "--out");
        Path file = dir.resolve(FILE);
        JsonFiles.write(file, toJson());
        return file;
    }

    /** Checks early, before hours of measuring, that {@code dir} can take the report. */
    public static void prepareDirectory(Path dir) {
        OutputDirectory.prepare(dir, "--out");
    }
}
