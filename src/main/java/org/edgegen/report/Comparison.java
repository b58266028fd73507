package org.edgegen.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.csv.CSVPrinter;
import org.edgegen.config.LoadedScenario;
import org.edgegen.policy.BaselineKind;
import org.edgegen.policy.neural.NeuralPolicy;

/**
 * The evaluation of several policies on the same episodes: {@code comparison.csv} (one row per policy, in the
 * order they ran) and the table the {@code evaluate} command prints, sorted by mean cost, with each baseline's
 * {@link BaselineKind}, the best decentralised baseline and the best centralised reference marked, and OSI's gap to
 * each. Opt is a centralised reference like the {@code central-*} baselines: its gap is the centralised one when it
 * is the cheapest of them.
 *
 * @param notes one line each about policies that could not run (e.g. Opt on a scenario too large for it)
 */
public record Comparison(String scenario, long seed, int episodes, List<ComparisonRow> rows, List<String> notes) {

    public static final String CSV = "comparison.csv";
    public static final String CONFIG = RunFiles.CONFIG;

    public Comparison {
        rows = List.copyOf(rows);
        notes = List.copyOf(notes);
    }

    /** The rows from the lowest mean cost up. */
    public List<ComparisonRow> byMeanCost() {
        return rows.stream().sorted(Comparator.comparingDouble(r -> r.stats().meanCost())).toList();
    }

    /** The decentralised baseline with the lowest mean cost: what OSI, which is decentralised too, has to beat. */
    public Optional<ComparisonRow> bestBaseline() {
        return best(BaselineKind.DECENTRALISED);
    }

    /** The centralised reference (Opt or a {@code central-*} baseline) with the lowest mean cost. */
    public Optional<ComparisonRow> bestCentralisedReference() {
        return best(BaselineKind.CENTRALISED_REFERENCE);
    }

    private Optional<ComparisonRow> best(BaselineKind kind) {
        return byMeanCost().stream().filter(r -> r.kind().equals(Optional.of(kind))).findFirst();
    }

    public Optional<ComparisonRow> row(String policy) {
        return rows.stream().filter(r -> r.policy().equals(policy)).findFirst();
    }

    /** OSI's mean cost relative to another row's, in % (negative: OSI is cheaper). */
    public static double gapPercent(ComparisonRow osi, ComparisonRow other) {
        return 100.0 * (osi.stats().meanCost() - other.stats().meanCost()) / other.stats().meanCost();
    }

    private static boolean isOsi(ComparisonRow row) {
        return row.policy().equals(NeuralPolicy.NAME);
    }

    /** Writes {@code config.conf} (the resolved scenario) and {@code comparison.csv} ({@link ComparisonRow#CSV}). */
    public void write(Path dir, LoadedScenario loaded) throws IOException {
        OutputDirectory.prepare(dir, "--out");
        Files.writeString(dir.resolve(CONFIG), loaded.renderHocon(), StandardCharsets.UTF_8);
        try (CSVPrinter csv = new CSVPrinter(Files.newBufferedWriter(dir.resolve(CSV), StandardCharsets.UTF_8),
                ComparisonRow.CSV.format())) {
            for (ComparisonRow row : rows) {
                csv.printRecord(ComparisonRow.CSV.cells(row));
            }
        }
    }

    /** The table, lines separated by {@code \n}, ending with one. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s: %d episode%s, seed %d, sorted by mean cost%n", scenario, episodes,
                episodes == 1 ? "" : "s", seed));
        String format = "  %-24s %-21s %10s %9s %9s %7s %8s %7s %7s %6s %6s %6s %7s  %s";
        line(out, String.format(Locale.ROOT, format, "policy", "kind", "mean cost", "delay s", "energy J", "error",
                "penalty", "dl-viol", "q-viol", "local", "home", "neigh", "tasks", ""));
        Optional<ComparisonRow> best = bestBaseline();
        Optional<ComparisonRow> central = bestCentralisedReference();
        for (ComparisonRow row : byMeanCost()) {
            TaskStats s = row.stats();
            line(out, String.format(Locale.ROOT, format, row.policy(), row.kindLabel().orElse("-"), fixed(s.meanCost(), 6),
                    fixed(s.meanDelaySeconds(), 4), fixed(s.meanEnergyJoules(), 4), fixed(s.meanError(), 4),
                    fixed(s.meanPenalty(), 4), percent(s.deadlineViolationRate()),
                    percent(s.qualityViolationRate()), percent(s.share(s.local())), percent(s.share(s.home())),
                    percent(s.share(s.neighbour())), Long.toString(s.tasks()), mark(row, best, central)));
        }
        for (String note : notes) {
            out.append("  note: ").append(note).append('\n');
        }
        return out.toString().replace(System.lineSeparator(), "\n");
    }

    private static void line(StringBuilder out, String text) {
        out.append(text.stripTrailing()).append('\n');
    }

    private static String mark(ComparisonRow row, Optional<ComparisonRow> best, Optional<ComparisonRow> central) {
        if (best.isPresent() && row == best.get()) {
            return "<- best decentralised baseline";
        }
        if (central.isPresent() && row == central.get()) {
            return "<- best centralised reference";
        }
        if (!isOsi(row)) {
            return "";
        }
        StringBuilder mark = new StringBuilder();
        best.ifPresent(b -> mark.append(String.format(Locale.ROOT, "%+.1f %% vs best decentralised baseline %s",
                gapPercent(row, b), b.policy())));
        central.ifPresent(c -> mark.append(mark.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT,
                "%+.1f %% vs best centralised reference %s", gapPercent(row, c), c.policy())));
        return mark.toString();
    }

    private static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", 100.0 * share);
    }
}
