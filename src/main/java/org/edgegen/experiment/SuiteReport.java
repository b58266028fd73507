package org.edgegen.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.edgegen.app.PolicyLineup;
import org.edgegen.config.Suite;
import org.edgegen.config.Suite.Level;
import org.edgegen.config.Suite.Training;
import org.edgegen.experiment.Statistics.Estimate;
import org.edgegen.experiment.SweepTable.Row;
import org.edgegen.policy.BaselineKind;
import org.edgegen.report.MachineInfo;
import org.edgegen.report.TrainProgress;

/**
 * {@code report.md}: the suite's setting, then per sweep its cost table and every figure, each with a paragraph
 * that reads it, written from the numbers (which line is lowest where, OSI against the best decentralised baseline
 * and the best centralised reference and whether their confidence intervals separate, how the lines move along the
 * sweep). Tables name a centralised reference with the suffix {@value #CENTRAL_SUFFIX}, as the figures do.
 * It is longer than 350 lines because each kind of reading (ties, CI separation, trends, OSI against the best of
 * each kind of baseline) is written from the numbers in its own method, and they share one report's wording; split
 * across files they would drift apart.
 */
final class SuiteReport {

    /** Metrics for which lower is better; the others (shares, steps) are read as descriptions. */
    private static final Set<Metric> LOWER_IS_BETTER = Set.of(Metric.COST, Metric.DELAY, Metric.ENERGY,
            Metric.ERROR, Metric.PENALTY, Metric.DEADLINE_VIOLATIONS, Metric.QUALITY_VIOLATIONS, Metric.CENTRE_COST,
            Metric.EDGE_COST, Metric.CENTRE_DELAY, Metric.EDGE_DELAY);

    /** What tables and figures append to the name of a centralised reference ({@link BaselineKind}). */
    static final String CENTRAL_SUFFIX = " (central)";

    private final Suite suite;
    private final SuitePlan plan;
    private final List<SweepTable> tables;
    private final Map<String, Map<String, List<Path>>> trainingFigures;
    private final Path out;
    private final double seconds;
    private final double pointSeconds;
    private final MachineInfo machine;
    private final List<String> missing;
    private final SuiteMaps maps;
    /** In the order given: the points' order. */
    private final Map<String, String> hints;

    SuiteReport(Suite suite, SuitePlan plan, List<SweepTable> tables,
            Map<String, Map<String, List<Path>>> trainingFigures, Path out, double seconds, double pointSeconds,
            MachineInfo machine, List<String> missing) {
        this(suite, plan, tables, trainingFigures, SuiteMaps.none(), Map.of(), out, seconds, pointSeconds, machine,
                missing);
    }

    /**
     * @param hints what a training run that looks under-trained trained for (a point's label), and why, in the
     *              points' order
     */
    SuiteReport(Suite suite, SuitePlan plan, List<SweepTable> tables,
            Map<String, Map<String, List<Path>>> trainingFigures, SuiteMaps maps, Map<String, String> hints,
            Path out, double seconds, double pointSeconds, MachineInfo machine, List<String> missing) {
        this.maps = maps;
        this.hints = Collections.unmodifiableMap(new LinkedHashMap<>(hints));
        this.pointSeconds = pointSeconds;
        this.missing = List.copyOf(missing);
        this.suite = suite;
        this.plan = plan;
        this.tables = tables;
        this.trainingFigures = trainingFigures;
        this.out = out;
        this.seconds = seconds;
        this.machine = machine;
    }

    String render() {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(suite.title()).append("\n\n");
        md.append("Made by `scripts/edgegen experiment --suite ").append(suite.file()).append(" --out ").append(out)
                .append("`.\n\n");
        md.append("- Base scenario: `").append(suite.scenario().getFileName()).append('`');
        if (!suite.set().isEmpty()) {
            md.append(" with ");
            List<String> sets = new ArrayList<>();
            suite.set().forEach((k, v) -> sets.add("`" + k + " = " + v + "`"));
            md.append(String.join(", ", sets));
        }
        md.append(" (").append(plan.base().scenario().userCount()).append(" users, ")
                .append(plan.base().scenario().layout().cellCount()).append(" cells).\n");
        md.append("- Policies: ").append(policiesText(suite.policies())).append(".\n");
        md.append("- Evaluation: seeds ").append(suite.seeds()).append(", ").append(suite.episodes())
                .append(" episode").append(suite.episodes() == 1 ? "" : "s").append(" each. Every number is the mean"
                + " over the seeds of the per-seed task mean; ± and error bars are the 95 % confidence interval of "
                + "that mean (Student's t, n - 1 degrees of freedom), except for rates and shares (% of tasks): "
                + "theirs is a 95 % percentile bootstrap over the seeds (" + Statistics.BOOTSTRAP_RESAMPLES
                + " resamples, fixed seed), drawn as uneven error bars and given in the sweep CSVs as its bounds"
                + " (columns ending in " + SweepTable.LOW_SUFFIX + " and " + SweepTable.HIGH_SUFFIX + "); it stays within 0 to 100 %.\n");
        if (suite.policies().contains(PolicyLineup.OSI)) {
            md.append("- OSI: ").append(osiText()).append(".\n");
            if (!hints.isEmpty()) {
                md.append("- **Warning: OSI looks under-trained** ");
                if (suite.osi().training() == Training.PER_POINT) {
                    md.append("at ").append(hints.size()).append(" of ").append(plan.points().size())
                            .append(" points, judged from each training curve: ");
                    List<String> each = new ArrayList<>();
                    hints.forEach((point, hint) -> each.add("`" + point + "`: " + hint));
                    md.append(String.join("; ", each));
                } else {
                    md.append("(judged from its training curve): ").append(hints.values().iterator().next());
                }
                md.append(". If so, its numbers below understate what it can learn.\n");
            }
        }
        md.append(String.format(Locale.ROOT, "- Cell-centre users stand within %.3f × ISD of their home BS (two "
                + "thirds of a hexagonal cell's radius); the others are cell-edge users.%n",
                Evaluator.CENTRE_FRACTION_OF_ISD));
        md.append(String.format(Locale.ROOT, "- Machine: %d processors, %.1f GB max heap, Java %s, %s. Wall time of "
                + "the points when they last ran, summed over points (with --jobs J, J ran at a time; a training "
                + "reused from an earlier run is not counted again): %s. This invocation: %s.%n%n", machine.availableProcessors(), machine.maxHeapBytes() / 1e9,
                machine.javaVersion(), machine.osName(), TrainProgress.eta(pointSeconds),
                TrainProgress.eta(seconds)));
        if (!missing.isEmpty()) {
            md.append("**Partial report**: ").append(missing.size()).append(" of ").append(plan.points().size())
                    .append(" points have not run yet and are left out of every table and figure (")
                    .append(String.join("; ", missing)).append("). Finish them with `scripts/edgegen experiment "
                    + "--suite ").append(suite.file()).append(" --out ").append(out).append("`.\n\n");
        }
        md.append("Sweeps:\n");
        for (SweepTable table : tables) {
            md.append("- [").append(table.sweep().title()).append("](#").append(anchor(table.sweep().title()))
                    .append(")\n");
        }
        if (!trainingFigures.isEmpty()) {
            md.append("- [Training curves](#training-curves)\n");
        }
        if (!maps.files().isEmpty()) {
            md.append("- [Episode maps](#episode-maps)\n");
        }
        md.append('\n');
        for (SweepTable table : tables) {
            sweep(md, table);
        }
        training(md);
        maps(md);
        return md.toString();
    }

    /**
     * The suite's policies grouped by kind; the decentralised baselines are said to act as OSI does only in a suite
     * that has OSI.
     */
    static String policiesText(List<String> policies) {
        List<String> parts = new ArrayList<>();
        List<String> others = policies.stream().filter(p -> BaselineKind.of(p).isEmpty()).toList();
        if (!others.isEmpty()) {
            parts.add(String.join(", ", others));
        }
        List<String> decentralised = ofKind(policies, BaselineKind.DECENTRALISED);
        if (!decentralised.isEmpty()) {
            parts.add("decentralised baselines (each user acts on its own observation"
                    + (policies.contains(PolicyLineup.OSI) ? ", as OSI does) " : ") ")
                    + String.join(", ", decentralised));
        }
        List<String> central = ofKind(policies, BaselineKind.CENTRALISED_REFERENCE);
        if (!central.isEmpty()) {
            parts.add("centralised references (full information within a slot, coordinated but myopic; marked"
                    + CENTRAL_SUFFIX + ") " + String.join(", ", central));
        }
        return String.join("; ", parts);
    }

    private static List<String> ofKind(List<String> policies, BaselineKind kind) {
        return policies.stream().filter(p -> BaselineKind.of(p).equals(Optional.of(kind))).toList();
    }

    /** A policy's name in a table or legend: centralised references carry {@link #CENTRAL_SUFFIX}. */
    static String shownName(String policy) {
        return BaselineKind.of(policy).equals(Optional.of(BaselineKind.CENTRALISED_REFERENCE))
                ? policy + CENTRAL_SUFFIX : policy;
    }

    private String osiText() {
        return switch (suite.osi().training()) {
            case PER_POINT -> "trained at every point on that point's scenario"
                    + Experiment.osiSetText(suite).replace("osi.set", "`osi.set`") + ", " + suite.osi().episodes()
                    + " episodes, seed " + suite.osi().seed() + " (never an evaluation seed); played " + played();
            case ONCE -> "trained once on the base scenario" + Experiment.osiSetText(suite).replace("osi.set", "`osi.set`")
                    + ", " + suite.osi().episodes() + " episodes, seed " + suite.osi().seed()
                    + " (never an evaluation seed), and played " + played() + " at every point";
            case CHECKPOINT -> "the checkpoint `" + suite.osi().checkpoint().orElseThrow() + "`, played " + played();
        };
    }

    /** How OSI acts when played (edgegen.learner.execution of the base scenario). */
    private String played() {
        return plan.base().learner().samplesWhenPlayed() ? "by sampling its actions (edgegen.learner.execution = "
                + "sample)" : "greedily";
    }

    private void sweep(StringBuilder md, SweepTable table) {
        md.append("## ").append(table.sweep().title()).append("\n\n");
        md.append("Sweep `").append(table.sweep().name()).append("`: ");
        List<String> levels = new ArrayList<>();
        for (Level level : table.sweep().levels()) {
            levels.add(level.label() + " (" + overrides(level) + ")");
        }
        md.append(String.join("; ", levels)).append('.');
        table.sweep().series().ifPresent(s -> md.append(" Series ").append(s.title()).append(": ")
                .append(String.join(", ", s.levels().stream().map(l -> l.label() + " (" + overrides(l) + ")")
                        .toList())).append('.'));
        md.append(" Data: [`").append(table.sweep().name()).append(".csv`](").append(table.sweep().name())
                .append(".csv).\n\n");

        if (table.rows().isEmpty()) {
            md.append("No point of this sweep has finished yet.\n\n");
            return;
        }
        md.append("Mean weighted cost (± 95 % CI):\n\n");
        List<String> policies = suite.policies().stream().filter(p -> table.rows().stream()
                .anyMatch(r -> r.policy().equals(p))).toList();
        boolean series = table.sweep().series().isPresent();
        md.append("| ").append(table.sweep().axisLabel()).append(series ? " | " + table.sweep().series()
                .orElseThrow().title() : "").append(" | ").append(String.join(" | ", policies.stream().map(SuiteReport::shownName).toList()))
                .append(" |\n");
        md.append("|---").append(series ? "|---" : "").append("|---".repeat(policies.size())).append("|\n");
        for (Map.Entry<String, List<Row>> point : byPoint(table).entrySet()) {
            Row first = point.getValue().get(0);
            md.append("| ").append(first.level().label());
            if (series) {
                md.append(" | ").append(first.series().map(Level::label).orElse(""));
            }
            List<Row> best = lowest(point.getValue(), Metric.COST);
            for (String policy : policies) {
                Optional<Row> row = point.getValue().stream().filter(r -> r.policy().equals(policy)).findFirst();
                md.append(" | ").append(row.map(r -> {
                    String cell = format(Metric.COST, r.estimate(Metric.COST));
                    return best.contains(r) ? "**" + cell + "**" : cell;
                }).orElse("–"));
            }
            md.append(" |\n");
        }
        md.append('\n').append(readTable(table)).append("\n\n");
        for (String note : table.notes()) {
            md.append("Note: ").append(note).append("\n\n");
        }
        for (String id : suite.metrics()) {
            Metric metric = Metric.byId(id).orElseThrow();
            String file = Experiment.FIGURES + "/" + table.sweep().name() + "-" + metric.id() + ".png";
            md.append("### ").append(metric.title()).append(" vs ").append(Figures.inSentence(table.sweep().title()))
                    .append("\n\n");
            md.append("![").append(metric.title()).append(" vs ").append(table.sweep().title()).append("](")
                    .append(file).append(")\n\n");
            if (Figures.logarithmic(table, metric) && table.rows().stream().map(r -> r.estimate(metric))
                    .anyMatch(e -> !Double.isNaN(e.halfWidth()) && !(e.low() > 0))) {
                md.append("Log scale: error bars whose lower end would reach zero are not drawn (see the CSV). ");
            }
            String ties = tiesNote(table, metric, suite.policies());
            if (!ties.isEmpty()) {
                md.append(ties).append(' ');
            }
            if (metric != Metric.COST) {
                md.append(readFigure(table, metric)).append("\n\n");
            } else if (md.charAt(md.length() - 1) != '\n') {
                // the cost figure is read by the paragraph under the table above: it is said once
                md.append("\n\n");
            }
        }
    }

    private void maps(StringBuilder md) {
        if (maps.files().isEmpty()) {
            return;
        }
        md.append("## Episode maps\n\n");
        md.append("How each policy spreads the load on the base scenario: episode ").append(maps.episode())
                .append(" of seed ").append(maps.seed()).append(", mapped at slot ").append(maps.slot())
                .append(" (of 0 to ").append(maps.slots() - 1).append(", the slot with the most tasks). On the left of each figure, the cells "
                + "with each BS's GPU and its backlog Q_b at the start of the slot (the cell shaded by it), and the "
                + "users coloured by their choice in the slot (local, home BS, neighbour BS), with an arrow to the "
                + "serving neighbour and each task's step count; on the right, every BS's backlog over the episode. "
                + "The table counts the episode's tasks by where they were generated. Each figure's SVG is next to "
                + "it. One map is made with `scripts/edgegen map --scenario FILE --seed S --policy P --slot L --out "
                + "FILE.png` (`--checkpoint DIR` for OSI).\n\n");
        md.append("| Policy | Tasks | Local | Home BS | Neighbour BS | Mean Q_b (image-steps) | Largest Q_b "
                + "(image-steps) |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, SuiteMaps.Spread> entry : maps.spread().entrySet()) {
            SuiteMaps.Spread s = entry.getValue();
            md.append("| ").append(shownName(entry.getKey())).append(" | ").append(s.tasks()).append(" | ")
                    .append(share(s.local(), s.tasks())).append(" | ").append(share(s.home(), s.tasks()))
                    .append(" | ").append(share(s.neighbour(), s.tasks())).append(" | ")
                    .append(String.format(Locale.ROOT, "%,.1f", s.meanBacklog())).append(" | ")
                    .append(String.format(Locale.ROOT, "%,.0f (BS %d, slot %d)", s.largestBacklog(), s.largestBs(),
                            s.largestSlot())).append(" |\n");
        }
        md.append('\n');
        for (String note : maps.notes()) {
            md.append("- ").append(note).append('\n');
        }
        if (!maps.notes().isEmpty()) {
            md.append('\n');
        }
        for (Map.Entry<String, Path> entry : maps.files().entrySet()) {
            md.append("### Map: ").append(shownName(entry.getKey())).append("\n\n");
            md.append("![Episode map of ").append(shownName(entry.getKey())).append("](").append(Experiment.FIGURES)
                    .append('/').append(entry.getValue().getFileName()).append(")\n\n");
        }
    }

    private static String share(int part, int whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%d (%.1f %%)", part, 100.0 * part / whole);
    }

    private void training(StringBuilder md) {
        if (trainingFigures.isEmpty()) {
            return;
        }
        md.append("## Training curves\n\n");
        md.append("OSI's training episodes (sampled actions, so usually costlier than its evaluation), smoothed by a "
                + "trailing moving average. Data: the `train.csv` of each training run (")
                .append(suite.osi().training() == Training.ONCE ? "`" + Experiment.OSI_DIR + "/train.csv`"
                        : "`points/<sweep>/<point>/train/train.csv`").append("). ")
                .append(readTraining(trainingFigures.keySet().stream().anyMatch(k -> !k.isEmpty())))
                .append("\n\n");
        for (Map.Entry<String, Map<String, List<Path>>> group : trainingFigures.entrySet()) {
            String title = group.getKey().isEmpty() ? "Reference training run"
                    : "Sweep `" + group.getKey() + "`, one curve per point";
            md.append("### ").append(title).append("\n\n");
            if (group.getKey().isEmpty()) {
                md.append(suite.osi().training() == Training.ONCE ? "The single training run on the base scenario"
                        : "The training run of the first point (" + plan.points().get(0).label() + ")")
                        .append("; the cost figure adds, dashed, each baseline's evaluation mean at ")
                        .append(plan.points().get(0).label()).append(".\n\n");
            }
            for (Map.Entry<String, List<Path>> figure : group.getValue().entrySet()) {
                for (Path path : figure.getValue()) {
                    md.append("![").append(figure.getKey()).append("](").append(Experiment.FIGURES).append('/')
                            .append(path.getFileName()).append(")\n\n");
                }
            }
        }
    }

    /**
     * The lines of a figure that coincide at every point ({@link Figures#ties}), per panel: a reader otherwise sees
     * one line where there are several. Empty when none do.
     */
    static String tiesNote(SweepTable table, Metric metric, List<String> policies) {
        List<Optional<Level>> panels = table.sweep().series().map(s -> s.levels().stream().map(Optional::of)
                .toList()).orElse(List.of(Optional.empty()));
        List<String> parts = new ArrayList<>();
        for (Optional<Level> panel : panels) {
            List<String> groups = Figures.ties(table, metric, panel, policies).stream()
                    .map(group -> and(group.stream().map(SuiteReport::shownName).toList())).toList();
            if (!groups.isEmpty()) {
                parts.add(panel.map(l -> l.label() + ": ").orElse("") + String.join("; ", groups));
            }
        }
        return parts.isEmpty() ? "" : "Lines that coincide at every point, drawn one over the other (the legend "
                + "names the line each coincides with): " + String.join("; ", parts) + ".";
    }

    /** "a", "a and b", "a, b and c". */
    private static String and(List<String> items) {
        if (items.size() < 2) {
            return String.join("", items);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    /** "1 point", "2 points". */
    private static String points(int count) {
        return count + (count == 1 ? " point" : " points");
    }

    /** Said once for all training figures (it was repeated under each sweep's figures). */
    private static String readTraining(boolean perPoint) {
        return "A curve that flattens has converged within the budget; the gap between its last values and the "
                + "evaluation in the tables above is the price of exploration."
                + (perPoint ? " A sweep's figures have one curve per point, each trained on that point's scenario."
                        : "");
    }

    /** A paragraph on the cost table: who wins where and OSI against the best of each kind of baseline. */
    private static String readTable(SweepTable table) {
        return "The best value of each row is in bold (several when tied). " + readLowerIsBetter(table, Metric.COST);
    }

    static String readFigure(SweepTable table, Metric metric) {
        return LOWER_IS_BETTER.contains(metric) ? readLowerIsBetter(table, metric) : readDescriptive(table, metric);
    }

    /** The rows of a point whose mean is the lowest, within a relative 1e-9 (ties are all returned). */
    static List<Row> lowest(List<Row> rows, Metric metric) {
        double min = rows.stream().mapToDouble(r -> r.estimate(metric).mean()).filter(v -> !Double.isNaN(v)).min()
                .orElse(Double.NaN);
        if (Double.isNaN(min)) {
            return List.of();
        }
        double tolerance = 1e-9 * Math.max(1e-12, Math.abs(min));
        return rows.stream().filter(r -> r.estimate(metric).mean() <= min + tolerance).toList();
    }

    static String readLowerIsBetter(SweepTable table, Metric metric) {
        Map<String, List<Row>> points = byPoint(table);
        String what = lowerFirst(metric.title());
        Map<List<String>, Integer> wins = new LinkedHashMap<>();
        int decided = 0;
        for (List<Row> rows : points.values()) {
            List<Row> best = lowest(rows, metric);
            if (!best.isEmpty()) {
                decided++;
                wins.merge(best.stream().map(Row::policy).toList(), 1, Integer::sum);
            }
        }
        if (decided == 0) {
            return "No policy has a value of " + what + " here (no task in the group it is taken over).";
        }
        StringBuilder text = new StringBuilder();
        if (wins.size() == 1) {
            List<String> who = wins.keySet().iterator().next();
            text.append(who.size() == 1 ? who.get(0) + " has the lowest " + what + " at every point."
                    : and(who) + " tie for the lowest " + what + " at every point.");
        } else {
            List<String> parts = new ArrayList<>();
            wins.forEach((who, count) -> parts.add((who.size() == 1 ? who.get(0) : and(who) + " tied") + " at "
                    + points(count)));
            text.append("Lowest ").append(what).append(" at each of the ").append(decided).append(" points: ")
                    .append(String.join("; ", parts)).append('.');
        }
        text.append(osiAgainstBest(points, metric, what, BaselineKind.DECENTRALISED));
        text.append(osiAgainstBest(points, metric, what, BaselineKind.CENTRALISED_REFERENCE));
        text.append(trend(table, metric, wins.keySet().stream().flatMap(List::stream)
                .collect(java.util.stream.Collectors.toSet())));
        return text.toString();
    }

    /**
     * OSI against the best baseline of one kind point by point (the best decentralised baseline is what OSI has to
     * beat; the best centralised reference is what full information within a slot reaches): relative gaps in %, or
     * differences in percentage points for rates, or plain differences when that baseline is at zero somewhere;
     * and how often their intervals separate either way.
     */
    private static String osiAgainstBest(Map<String, List<Row>> points, Metric metric, String what,
            BaselineKind kind) {
        List<String> where = new ArrayList<>();
        List<Estimate[]> pairs = new ArrayList<>();
        for (Map.Entry<String, List<Row>> point : points.entrySet()) {
            Optional<Row> osi = point.getValue().stream().filter(r -> r.policy().equals(PolicyLineup.OSI))
                    .filter(r -> !Double.isNaN(r.estimate(metric).mean())).findFirst();
            List<Row> best = lowest(point.getValue().stream()
                    .filter(r -> BaselineKind.of(r.policy()).equals(Optional.of(kind))).toList(), metric);
            if (osi.isPresent() && !best.isEmpty()) {
                where.add(point.getKey() + " (against " + best.get(0).policy() + ")");
                pairs.add(new Estimate[] {osi.get().estimate(metric), best.get(0).estimate(metric)});
            }
        }
        if (pairs.isEmpty()) {
            return "";
        }
        boolean absolute = !metric.fraction() && pairs.stream().anyMatch(p -> p[1].mean() == 0);
        String unit = metric.fraction() ? " percentage points" : absolute ? "" : " %";
        double lowest = Double.POSITIVE_INFINITY;
        double highest = Double.NEGATIVE_INFINITY;
        String lowestAt = "";
        String highestAt = "";
        int below = 0;
        int above = 0;
        for (int k = 0; k < pairs.size(); k++) {
            Estimate o = pairs.get(k)[0];
            Estimate b = pairs.get(k)[1];
            double gap = metric.fraction() ? 100.0 * (o.mean() - b.mean())
                    : absolute ? o.mean() - b.mean() : 100.0 * (o.mean() - b.mean()) / b.mean();
            if (gap < lowest) {
                lowest = gap;
                lowestAt = where.get(k);
            }
            if (gap > highest) {
                highest = gap;
                highestAt = where.get(k);
            }
            if (!Double.isNaN(o.halfWidth()) && !Double.isNaN(b.halfWidth())) {
                below += o.high() < b.low() ? 1 : 0;
                above += o.low() > b.high() ? 1 : 0;
            }
        }
        int compared = pairs.size();
        String range = highest - lowest < (absolute ? 1e-9 : 0.05)
                ? difference(lowest, unit, absolute) + (compared == 1 ? " at " + lowestAt
                        : " at all " + compared + " points")
                : "from " + difference(lowest, unit, absolute) + " at " + lowestAt + " to "
                        + difference(highest, unit, absolute) + " at " + highestAt;
        String against = kind == BaselineKind.DECENTRALISED ? "the best decentralised baseline"
                : "the best centralised reference";
        String other = kind == BaselineKind.DECENTRALISED ? "baseline" : "reference";
        return String.format(Locale.ROOT, " Against %s of each point (%s), OSI is %s%s.%s", against, what, range,
                absolute ? " (differences, as that " + other + " is at zero somewhere)" : "",
                separation(below, above, compared, other));
    }

    /** How often OSI's interval and the other's separate, in words that count points, not x values. */
    private static String separation(int below, int above, int compared, String other) {
        int overlap = compared - below - above;
        if (below == 0 && above == 0) {
            return compared == 1 ? " Their 95 % CIs overlap." : " Their 95 % CIs overlap at all " + compared
                    + " points.";
        }
        List<String> clauses = new ArrayList<>();
        String of = " of the " + points(compared);
        if (below > 0) {
            clauses.add("at " + below + of + " OSI's 95 % CI lies wholly below that " + other + "'s");
        }
        if (above > 0) {
            clauses.add("at " + above + (clauses.isEmpty() ? of + " OSI's 95 % CI lies wholly above that " + other
                    + "'s" : " wholly above it"));
        }
        if (overlap > 0) {
            clauses.add("at " + overlap + " the two overlap");
        }
        String text = and(clauses);
        return " " + Character.toUpperCase(text.charAt(0)) + text.substring(1) + ".";
    }

    private static String difference(double gap, String unit, boolean absolute) {
        if (Math.abs(gap) < (absolute ? 1e-12 : 0.05)) {
            return "equal";
        }
        return String.format(Locale.ROOT, absolute ? "%.4g%s %s" : "%.1f%s %s", Math.abs(gap), unit,
                gap < 0 ? "lower" : "higher");
    }

    private static String readDescriptive(SweepTable table, Metric metric) {
        List<String> moving = new ArrayList<>();
        List<String> flat = new ArrayList<>();
        for (String line : table.lines()) {
            List<Row> rows = table.line(line).stream().filter(r -> !Double.isNaN(r.estimate(metric).mean()))
                    .toList();
            if (rows.size() < 2) {
                continue;
            }
            double min = rows.stream().mapToDouble(r -> r.estimate(metric).mean()).min().orElseThrow();
            double max = rows.stream().mapToDouble(r -> r.estimate(metric).mean()).max().orElseThrow();
            if (max - min <= 1e-9 * Math.max(1.0, Math.abs(max))) {
                flat.add(line + " " + shown(metric, min));
            } else {
                Row first = rows.get(0);
                Row last = rows.get(rows.size() - 1);
                moving.add(line + " " + shown(metric, first.estimate(metric).mean()) + " at " + first.level().label()
                        + " → " + shown(metric, last.estimate(metric).mean()) + " at " + last.level().label()
                        + " (range " + shown(metric, min) + " to " + shown(metric, max) + ")");
            }
        }
        StringBuilder text = new StringBuilder();
        String what = lowerFirst(metric.title());
        if (!moving.isEmpty()) {
            text.append("Along the sweep (").append(what).append("): ").append(String.join("; ", moving))
                    .append('.');
        }
        if (!flat.isEmpty()) {
            text.append(text.isEmpty() ? "" : " ").append("The same at every point: ")
                    .append(String.join("; ", flat)).append('.');
        }
        return text.isEmpty() ? "Too few points to describe a change." : text.toString();
    }

    /** How OSI and the leaders move from their first to their last point. */
    private static String trend(SweepTable table, Metric metric, Set<String> leaders) {
        List<String> parts = new ArrayList<>();
        for (String line : table.lines()) {
            List<Row> rows = table.line(line).stream().filter(r -> !Double.isNaN(r.estimate(metric).mean()))
                    .toList();
            if (rows.size() < 2) {
                continue;
            }
            String policy = rows.get(0).policy();
            if (!(policy.equals(PolicyLineup.OSI) || leaders.contains(policy))) {
                continue;
            }
            Row first = rows.get(0);
            Row last = rows.get(rows.size() - 1);
            parts.add(line + " goes from " + shown(metric, first.estimate(metric).mean()) + " at "
                    + first.level().label() + " to " + shown(metric, last.estimate(metric).mean()) + " at "
                    + last.level().label());
        }
        return parts.isEmpty() ? "" : " Along the sweep (" + lowerFirst(table.sweep().title()) + "), "
                + String.join("; ", parts) + ".";
    }

    private static String lowerFirst(String text) {
        return Figures.inSentence(text);
    }

    private static Map<String, List<Row>> byPoint(SweepTable table) {
        Map<String, List<Row>> points = new LinkedHashMap<>();
        for (Row row : table.rows()) {
            String key = table.sweep().title().toLowerCase(Locale.ROOT) + " " + row.level().label()
                    + row.series().map(s -> ", " + s.label()).orElse("");
            points.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
        }
        return points;
    }


    private static String shown(Metric metric, double value) {
        double v = metric.shown(value);
        if (metric.fraction()) {
            return String.format(Locale.ROOT, "%.1f %%", v);
        }
        String unit = metric.fraction() ? " %" : metric.unit().isEmpty() ? "" : " " + metric.unit();
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : Math.abs(v) >= 1 ? "%.3f" : "%.4f", v)
                + unit;
    }

    private static String format(Metric metric, Estimate e) {
        double mean = metric.shown(e.mean());
        if (Double.isNaN(e.halfWidth())) {
            return String.format(Locale.ROOT, "%.4f", mean);
        }
        if (metric.fraction()) {
            return String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", mean, metric.shown(e.low()),
                    metric.shown(e.high()));
        }
        return String.format(Locale.ROOT, "%.4f ± %.4f", mean, metric.shown(e.halfWidth()));
    }

    private static String overrides(Level level) {
        List<String> parts = new ArrayList<>();
        level.set().forEach((k, v) -> parts.add("`" + k.replaceFirst("^edgegen\\.", "") + " = " + v + "`"));
        return String.join(", ", parts);
    }

    /** GitHub's heading anchor: lower case, spaces to '-', punctuation dropped. */
    static String anchor(String heading) {
        // GitHub keeps letters and digits of any script (the ω of "ω3"), '-' and '_'
        return heading.toLowerCase(Locale.ROOT).replaceAll("(?U)[^\\w\\- ]", "").replace(' ', '-');
    }
}
