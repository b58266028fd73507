package org.edgegen.experiment;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.edgegen.config.Suite.Level;
import org.edgegen.config.Suite.Sweep;
import org.edgegen.experiment.Statistics.Estimate;
import org.edgegen.experiment.SweepTable.Row;
import org.edgegen.policy.BaselineKind;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the suite's figures with XChart, each as a PNG and an SVG ({@link FigureFiles}): one line per policy, error bars for the 95 % confidence
 * intervals, titled axes with units, in the style of {@link FigureStyle} (a colour, marker and dash pattern per
 * policy, drawn in its fixed order). A sweep with a series axis gets one panel per series level, stacked in one
 * file, on a shared y range, over one legend for all panels ({@link SharedLegend}, in columns below them) that
 * lists the policies once instead of once per panel or per series level. Lines
 * that coincide at every point ({@link #ties}) are drawn one over the other with the lower ones wider and their
 * markers larger, and the legend names the line each coincides with. In a rate's figure the learned policies (OSI)
 * are drawn once more after all others, keeping their legend place, so that they show on top where they meet the
 * baselines at 0 %. The y axis turns logarithmic when the lines
 * span more than a factor of 30, so that close policies stay apart next to far worse ones; there, an error bar whose
 * lower end would reach zero is not drawn (the report says so; the CSV has every interval). The x axis turns
 * logarithmic when its levels span a decade and lie more evenly on a log scale ({@link #logarithmicX}), as the
 * backhaul rates 50 to 2000 Mbit/s do. A centralised reference is drawn thinner and dash-dotted, its legend entry
 * suffixed {@value SuiteReport#CENTRAL_SUFFIX}, so that every figure tells the baselines OSI has to beat from the
 * references with full information within a slot.
 */
final class Figures {

    static final int WIDTH = FigureStyle.WIDTH;
    static final int HEIGHT = FigureStyle.HEIGHT;
    private static final double LOG_SPAN = 30.0;
    /** How wide (in categories) the policies of one category spread on a categorical axis. */
    private static final double CATEGORY_SPREAD = 0.5;
    /** How much more evenly (smallest gap over span) the levels must lie on a log x axis to get one. */
    private static final double LOG_X_GAIN = 1.2;
    /** What the legend appends to a line drawn over one it coincides with at every point. */
    static final String TIE_NOTE = " (= %s)";
    /** The zero-width space that keeps the series names of error-bar segments unique and out of sight. */
    private static final String HIDDEN = "\u200B";

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Figures() {}

    /** One sweep's figure of one metric: a panel, or one per series level stacked in one image over one legend. */
    static void sweep(SweepTable table, Metric metric, List<String> policies, Path file) throws IOException {
        List<XYChart> panels = sweepPanels(table, metric, policies);
        if (panels.size() == 1) {
            save(panels.get(0), file);
        } else {
            FigureFiles.stacked(panels, SharedLegend.of(legend(table, metric, policies), WIDTH), file);
        }
    }

    /**
     * The panels of a sweep's figure: one, or one per series level that has rows, all on the same y range and
     * without a legend of their own (the figure has one below them, {@link #legend}).
     */
    static List<XYChart> sweepPanels(SweepTable table, Metric metric, List<String> policies) {
        Sweep sweep = table.sweep();
        if (sweep.series().isEmpty()) {
            return List.of(panel(table, metric, policies, Optional.empty(), Optional.empty()));
        }
        double[] range = yRange(table, metric, logarithmic(table, metric));
        List<XYChart> panels = new ArrayList<>();
        for (Level level : seriesLevels(table)) {
            XYChart panel = panel(table, metric, policies, Optional.of(level), Optional.of(range));
            panel.getStyler().setLegendVisible(false);
            panels.add(panel);
        }
        return panels;
    }

    private static List<Level> seriesLevels(SweepTable table) {
        return table.sweep().series().orElseThrow().levels().stream()
                .filter(level -> table.rows().stream().anyMatch(r -> r.series().equals(Optional.of(level))))
                .toList();
    }

    /**
     * The one legend of a figure with a panel per series level: each policy once, in the fixed order and in its
     * look, and a tie note naming the line it coincides with ({@link #ties}), followed by the panels where it does
     * when that is not in all of them, e.g. {@code all-home (= least-loaded, cooperation off)}.
     */
    static List<SharedLegend.Entry> legend(SweepTable table, Metric metric, List<String> policies) {
        List<Level> levels = seriesLevels(table);
        Map<String, List<List<String>>> ties = new LinkedHashMap<>();
        for (Level level : levels) {
            ties.put(level.label(), ties(table, metric, Optional.of(level), policies));
        }
        List<SharedLegend.Entry> entries = new ArrayList<>();
        for (String policy : FigureStyle.drawOrder(policies)) {
            if (table.rows().stream().noneMatch(r -> r.policy().equals(policy) && r.series().isPresent())) {
                continue;
            }
            Map<String, List<String>> where = new LinkedHashMap<>();
            ties.forEach((label, groups) -> groups.stream().filter(g -> g.indexOf(policy) > 0).findFirst()
                    .ifPresent(g -> where.computeIfAbsent(SuiteReport.shownName(g.get(0)), k -> new ArrayList<>())
                            .add(label)));
            String note = String.join("; ", where.entrySet().stream().map(e -> e.getValue().size() == levels.size()
                    ? e.getKey() : e.getKey() + ", " + String.join(", ", e.getValue())).toList());
            entries.add(new SharedLegend.Entry(SuiteReport.shownName(policy)
                    + (note.isEmpty() ? "" : String.format(Locale.ROOT, TIE_NOTE, note)),
                    FigureStyle.of(policy, policies)));
        }
        return entries;
    }

    private static XYChart panel(SweepTable table, Metric metric, List<String> policies, Optional<Level> seriesLevel,
            Optional<double[]> range) {
        String title = metric.title() + " vs " + inSentence(table.sweep().title())
                + seriesLevel.map(l -> ", " + l.label()).orElse("");
        boolean log = logarithmic(table, metric);
        boolean numeric = table.sweep().numeric();
        boolean logX = logarithmicX(table.sweep());
        List<String> categories = table.sweep().levels().stream().map(Level::label).toList();
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(table.sweep().axisLabel() + (logX ? ", log scale" : "") + "    (bars: "
                        + intervalName(metric) + ")")
                .yAxisTitle(metric.label() + (log ? ", log scale" : "")).build();
        FigureStyle.apply(chart, chart.getStyler());
        chart.getStyler().setYAxisLogarithmic(log);
        range.ifPresent(r -> chart.getStyler().setYAxisMin(r[0]).setYAxisMax(r[1]));
        if (metric.fraction()) {
            clipToPercent(chart, table, metric, log);
        }
        if (!log) {
            chart.getStyler().setYAxisDecimalPattern("0.0##");
        }
        if (logX) {
            chart.getStyler().setXAxisLogarithmic(true);
            logTicks(chart, table.sweep());
        } else if (numeric) {
            integerTicks(chart, table.sweep());
        }
        if (!numeric) {
            // A categorical axis: levels at x = 0, 1, ..., labelled by name; the points are not joined, since
            // nothing lies between two categories (a series axis has panels of its own).
            chart.getStyler().setXAxisMin(-0.5).setXAxisMax(categories.size() - 0.5);
            chart.getStyler().setxAxisTickLabelsFormattingFunction(v -> categoryLabel(categories, v));
            chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        }
        List<String> order = FigureStyle.drawOrder(policies);
        Map<String, List<String>> tiedWith = new LinkedHashMap<>();
        for (List<String> group : ties(table, metric, seriesLevel, policies)) {
            group.forEach(p -> tiedWith.put(p, group));
        }
        // A rate's lines meet at 0 % (no violation) more often than a cost's: there the learned policies are drawn
        // once more, last, so that OSI shows on top of the baselines it ties with.
        List<String> onTop = metric.fraction() ? learned(order) : List.of();
        List<Runnable> last = new ArrayList<>();
        for (String policy : order) {
            List<Row> rows = table.rows().stream().filter(r -> r.policy().equals(policy)
                    && r.series().equals(seriesLevel)).toList();
            if (rows.isEmpty()) {
                continue;
            }
            double[] x = new double[rows.size()];
            double[] y = new double[rows.size()];
            double[] error = new double[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                Estimate e = rows.get(i).estimate(metric);
                // On a categorical axis the policies stand side by side around their category, so that
                // equal values do not hide each other.
                x[i] = numeric ? rows.get(i).level().x().orElseThrow()
                        : rows.get(i).levelIndex() + CATEGORY_SPREAD * (order.indexOf(policy)
                                - (order.size() - 1) / 2.0) / Math.max(1, order.size() - 1);
                y[i] = metric.shown(e.mean());
                error[i] = bar(metric, e, log);
            }
            List<String> group = tiedWith.getOrDefault(policy, List.of(policy));
            int place = group.indexOf(policy);
            String name = SuiteReport.shownName(policy)
                    + (place > 0 ? String.format(Locale.ROOT, TIE_NOTE, SuiteReport.shownName(group.get(0))) : "");
            // the lines of a tie are drawn one over the other, the lower ones wider: the one drawn last on top
            List<String> drawn = onTop.isEmpty() ? group : Stream.concat(
                    group.stream().filter(p -> !onTop.contains(p)), group.stream().filter(onTop::contains)).toList();
            FigureStyle.Look look = FigureStyle.of(policy, policies)
                    .under(group.size() <= FigureStyle.MAX_HALOS ? drawn.size() - 1 - drawn.indexOf(policy) : 0);
            line(chart, name, x, y, error, rows, metric, log, look, true);
            if (onTop.contains(policy)) {
                last.add(() -> line(chart, name + " " + HIDDEN + "on top", x, y, error, rows, metric, log, look,
                        false));
            }
        }
        last.forEach(Runnable::run);
        return chart;
    }

    /** The learned policies (OSI) of a draw order: those that are no baseline. */
    static List<String> learned(List<String> order) {
        return order.stream().filter(p -> BaselineKind.of(p).isEmpty()).toList();
    }

    /** One policy's line with its error bars, listed in the legend or (a copy drawn over others) not. */
    private static void line(XYChart chart, String name, double[] x, double[] y, double[] error, List<Row> rows,
            Metric metric, boolean log, FigureStyle.Look look, boolean legend) {
        // A rate's bootstrap interval need not be symmetric about the mean, and XChart's error bars are:
        // each interval is drawn as its own vertical segment, in the line's colour, without a legend entry.
        XYSeries series = metric.fraction() ? chart.addSeries(name, x, y) : chart.addSeries(name, x, y, error);
        series.setLineColor(look.colour());
        series.setMarkerColor(look.colour());
        series.setLineStyle(look.stroke());
        series.setMarker(look.marker());
        series.setShowInLegend(legend);
        if (metric.fraction()) {
            for (int i = 0; i < rows.size(); i++) {
                Estimate e = rows.get(i).estimate(metric);
                if (Double.isNaN(e.halfWidth()) || log && !(e.low() > 0)) {
                    continue;
                }
                XYSeries bar = chart.addSeries(name + " " + HIDDEN + "interval " + i, new double[] {x[i], x[i]},
                        new double[] {metric.shown(e.low()), metric.shown(e.high())});
                bar.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                bar.setMarker(SeriesMarkers.NONE);
                bar.setLineColor(look.colour());
                bar.setLineStyle(new BasicStroke(1.0f));
                bar.setShowInLegend(false);
            }
        }
    }

    /**
     * The groups of policies (two or more, in draw order) whose lines coincide at every point of a panel: the same
     * levels and, at each, means equal within a relative 1e-9. A figure draws them one over the other, so the
     * legend and the report say so.
     */
    static List<List<String>> ties(SweepTable table, Metric metric, Optional<Level> seriesLevel,
            List<String> policies) {
        Map<String, List<Row>> lines = new LinkedHashMap<>();
        for (String policy : FigureStyle.drawOrder(policies)) {
            List<Row> rows = table.rows().stream().filter(r -> r.policy().equals(policy)
                    && r.series().equals(seriesLevel) && !Double.isNaN(r.estimate(metric).mean())).toList();
            if (!rows.isEmpty()) {
                lines.put(policy, rows);
            }
        }
        List<List<String>> groups = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        for (Map.Entry<String, List<Row>> line : lines.entrySet()) {
            if (placed.contains(line.getKey())) {
                continue;
            }
            List<String> group = new ArrayList<>(List.of(line.getKey()));
            for (Map.Entry<String, List<Row>> other : lines.entrySet()) {
                if (!placed.contains(other.getKey()) && !other.getKey().equals(line.getKey())
                        && coincide(line.getValue(), other.getValue(), metric)) {
                    group.add(other.getKey());
                }
            }
            if (group.size() > 1) {
                placed.addAll(group);
                groups.add(List.copyOf(group));
            }
        }
        return groups;
    }

    private static boolean coincide(List<Row> a, List<Row> b, Metric metric) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).levelIndex() != b.get(i).levelIndex()
                    || !equal(a.get(i).estimate(metric).mean(), b.get(i).estimate(metric).mean())) {
                return false;
            }
        }
        return true;
    }

    /** The y range shared by a figure's panels: every drawn mean and error bar, with a margin. */
    private static double[] yRange(SweepTable table, Metric metric, boolean log) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (Row row : table.rows()) {
            Estimate e = row.estimate(metric);
            if (Double.isNaN(e.mean())) {
                continue;
            }
            double bar = bar(metric, e, log);
            double top = metric.fraction() && !Double.isNaN(e.high()) ? metric.shown(e.high())
                    : metric.shown(e.mean()) + bar;
            double bottom = metric.fraction() && !Double.isNaN(e.low()) && (!log || e.low() > 0)
                    ? metric.shown(e.low()) : metric.shown(e.mean()) - bar;
            high = Math.max(high, top);
            low = Math.min(low, log ? Math.min(metric.shown(e.mean()), bottom > 0 ? bottom : Double.MAX_VALUE)
                    : bottom);
        }
        if (log) {
            return new double[] {low / 1.25, high * 1.25};
        }
        double margin = Math.max(1e-9, (high - low) * 0.05);
        return new double[] {low - margin, high + margin};
    }

    /**
     * A training figure: one moving-average curve per run and, optionally, a dashed level per baseline, in that
     * baseline's look. The legend opens with {@code legendTitle} (what the runs' labels are, e.g. "Number of
     * users"), when not empty.
     *
     * @param curves    run label to (episode, value) pairs, already smoothed
     * @param baselines baseline name to its evaluation mean (drawn dashed); may be empty
     * @param policies  the suite's policies, which fix each baseline's look
     */
    static void training(String title, String yLabel, String legendTitle, Map<String, double[][]> curves,
            Map<String, Double> baselines, List<String> policies, Path file) throws IOException {
        save(trainingChart(title, yLabel, legendTitle, curves, baselines, policies), file);
    }

    static XYChart trainingChart(String title, String yLabel, String legendTitle, Map<String, double[][]> curves,
            Map<String, Double> baselines, List<String> policies) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[][] points : curves.values()) {
            for (double y : points[1]) {
                min = Math.min(min, y);
                max = Math.max(max, y);
            }
        }
        for (double y : baselines.values()) {
            min = Math.min(min, y);
            max = Math.max(max, y);
        }
        boolean log = min > 0 && max / min > LOG_SPAN;
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("Training episode")
                .yAxisTitle(yLabel + (log ? ", log scale" : "")).build();
        FigureStyle.apply(chart, chart.getStyler());
        chart.getStyler().setYAxisLogarithmic(log);
        chart.getStyler().setXAxisMin(0.0).setXAxisDecimalPattern("#");
        if (!log) {
            chart.getStyler().setYAxisDecimalPattern("0.0##");
        }
        double lastEpisode = 0;
        for (double[][] points : curves.values()) {
            if (points[0].length > 0) {
                lastEpisode = Math.max(lastEpisode, points[0][points[0].length - 1]);
            }
        }
        if (!legendTitle.isEmpty() && !curves.isEmpty() && Double.isFinite(min)) {
            legendHeading(chart, legendTitle + ":", min);
        }
        int run = 0;
        for (Map.Entry<String, double[][]> curve : curves.entrySet()) {
            double[][] points = curve.getValue();
            XYSeries series = chart.addSeries(curve.getKey(), points[0], points[1]);
            FigureStyle.Look look = policies.contains(curve.getKey())
                    ? FigureStyle.of(curve.getKey(), policies) : FigureStyle.run(run++);
            series.setMarker(SeriesMarkers.NONE);
            series.setLineColor(look.colour());
            series.setLineStyle(look.stroke());
        }
        if (!baselines.isEmpty() && Double.isFinite(min)) {
            legendHeading(chart, "Evaluation means:", min);
        }
        List<String> drawn = FigureStyle.drawOrder(policies).stream().filter(baselines::containsKey).toList();
        Map<String, List<String>> tiedWith = new LinkedHashMap<>();
        for (List<String> group : levelTies(drawn, baselines)) {
            group.forEach(p -> tiedWith.put(p, group));
        }
        for (String policy : drawn) {
            double level = baselines.get(policy);
            List<String> group = tiedWith.getOrDefault(policy, List.of(policy));
            int place = group.indexOf(policy);
            String name = SuiteReport.shownName(policy)
                    + (place > 0 ? String.format(Locale.ROOT, TIE_NOTE, SuiteReport.shownName(group.get(0))) : "");
            XYSeries series = chart.addSeries(name, new double[] {0, lastEpisode}, new double[] {level, level});
            FigureStyle.Look look = FigureStyle.of(policy, policies);
            FigureStyle.Look dashed = new FigureStyle.Look(look.colour(), look.marker(), central(policy) ? look.stroke()
                    : FigureStyle.stroke(FigureStyle.BASELINE_WIDTH, new float[] {10f, 5f}))
                    .under(group.size() <= FigureStyle.MAX_HALOS ? group.size() - 1 - place : 0);
            series.setMarker(SeriesMarkers.NONE);
            series.setLineColor(look.colour());
            series.setLineStyle(dashed.stroke());
        }
        return chart;
    }

    /**
     * The groups of baselines (two or more, in {@code drawn}'s order) whose evaluation levels are equal, as
     * {@link #ties} finds them for a sweep's lines: drawn one over the other, the lower ones wider, and the legend
     * names the one each coincides with.
     */
    static List<List<String>> levelTies(List<String> drawn, Map<String, Double> levels) {
        List<List<String>> groups = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        for (String policy : drawn) {
            if (placed.contains(policy) || Double.isNaN(levels.get(policy))) {
                continue;
            }
            List<String> group = new ArrayList<>(List.of(policy));
            for (String other : drawn) {
                if (!placed.contains(other) && !other.equals(policy) && equal(levels.get(policy), levels.get(other))) {
                    group.add(other);
                }
            }
            if (group.size() > 1) {
                placed.addAll(group);
                groups.add(List.copyOf(group));
            }
        }
        return groups;
    }

    /** Two means that a figure draws as one: equal within a relative 1e-9. */
    private static boolean equal(double u, double v) {
        return Math.abs(u - v) <= 1e-9 * Math.max(1e-12, Math.max(Math.abs(u), Math.abs(v)));
    }

    /**
     * A legend line that is a heading, not a line (XChart has no legend title): a series of one point at a value
     * already on the chart, drawn in a transparent colour without a marker.
     */
    private static void legendHeading(XYChart chart, String text, double y) {
        XYSeries heading = chart.addSeries(text, new double[] {0}, new double[] {y});
        heading.setMarker(SeriesMarkers.NONE);
        heading.setLineColor(TRANSPARENT);
        heading.setMarkerColor(TRANSPARENT);
        heading.setLineStyle(new BasicStroke(0.1f));
    }

    /** The colour of a legend heading's line sample. */
    static final Color TRANSPARENT = new Color(0, 0, 0, 0);

    private static boolean central(String policy) {
        return BaselineKind.of(policy).equals(Optional.of(BaselineKind.CENTRALISED_REFERENCE));
    }

    /**
     * The tick label at x = v of a categorical axis: the category's name at an integer, and elsewhere an invisible
     * label (zero-width spaces, a different number per tick: XChart drops every tick label when two are equal).
     */
    static String categoryLabel(List<String> categories, double v) {
        long index = Math.round(v);
        if (Math.abs(v - index) < 1e-6 && index >= 0 && index < categories.size()) {
            return categories.get((int) index);
        }
        return "\u200B".repeat(1 + (int) Math.max(0, Math.round((v + categories.size() + 1) * 8)));
    }

    /** Whether the lines' means span more than {@link #LOG_SPAN}, all above zero. */
    static boolean logarithmic(SweepTable table, Metric metric) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (Row row : table.rows()) {
            double mean = row.estimate(metric).mean();
            if (Double.isNaN(mean)) {
                continue;
            }
            if (!(mean > 0)) {
                return false;
            }
            min = Math.min(min, mean);
            max = Math.max(max, mean);
        }
        return max / min > LOG_SPAN;
    }

    /**
     * A title as it reads inside a sentence: its first letter in lower case, unless the first word is an acronym
     * ("Number of users" to "number of users", "GPU mix" stays).
     */
    static String inSentence(String title) {
        if (title.isEmpty() || title.length() > 1 && Character.isUpperCase(title.charAt(1))) {
            return title;
        }
        return title.substring(0, 1).toLowerCase(Locale.ROOT) + title.substring(1);
    }

    /** Widest span of integer levels whose ticks are put on every level (beyond it, on integers only). */
    private static final double LEVEL_TICK_SPAN = 40.0;

    /**
     * An integer x (users, cells) gets integer tick labels only; over a short span, ticks at every integer with a
     * label at each level only, so that uneven levels (1, 7, 19) are labelled where their points are.
     */
    private static void integerTicks(XYChart chart, Sweep sweep) {
        List<Double> xs = sweep.levels().stream().map(l -> l.x().orElseThrow()).toList();
        if (!xs.stream().allMatch(x -> x == Math.rint(x))) {
            return;
        }
        double min = xs.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = xs.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        boolean levelsOnly = max - min <= LEVEL_TICK_SPAN;
        if (levelsOnly && max > min) {
            // a tick about every integer: XChart spaces ticks by this hint (in pixels) and rounds to 1, 2, 5 steps
            chart.getStyler().setXAxisTickMarkSpacingHint((int) Math.max(12, Math.min(74, 600 / ((max - min) * 1.1))));
        }
        chart.getStyler().setxAxisTickLabelsFormattingFunction(v -> integerLabel(xs, levelsOnly, v));
    }

    /** The tick label at x = v of an integer axis; elsewhere an invisible label, as in {@link #categoryLabel}. */
    static String integerLabel(List<Double> levels, boolean levelsOnly, double v) {
        long rounded = Math.round(v);
        boolean integer = Math.abs(v - rounded) < 1e-6;
        if (integer && (!levelsOnly || levels.contains((double) rounded))) {
            return Long.toString(rounded);
        }
        double min = levels.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double span = levels.stream().mapToDouble(Double::doubleValue).max().orElse(0) - min + 1;
        return "\u200B".repeat(1 + (int) Math.max(0, Math.round((v - min + span) * 8)));
    }

    /**
     * Whether a numeric sweep's x axis is better logarithmic: every level above zero, a span of a decade or more,
     * and the smallest gap between neighbouring levels (as a share of the span) {@link #LOG_X_GAIN} times larger on
     * a log scale than on a linear one. Backhaul rates 50, 450, 2000 turn logarithmic; users 2, 4, 5 or cells
     * 1, 7, 19 stay linear.
     */
    static boolean logarithmicX(Sweep sweep) {
        if (!sweep.numeric() || sweep.levels().size() < 2) {
            return false;
        }
        double[] xs = sweep.levels().stream().mapToDouble(l -> l.x().orElseThrow()).sorted().toArray();
        if (!(xs[0] > 0) || xs[xs.length - 1] / xs[0] < 10) {
            return false;
        }
        double linear = Double.POSITIVE_INFINITY;
        double logarithmic = Double.POSITIVE_INFINITY;
        for (int i = 1; i < xs.length; i++) {
            linear = Math.min(linear, (xs[i] - xs[i - 1]) / (xs[xs.length - 1] - xs[0]));
            logarithmic = Math.min(logarithmic, Math.log(xs[i] / xs[i - 1]) / Math.log(xs[xs.length - 1] / xs[0]));
        }
        return logarithmic > LOG_X_GAIN * linear;
    }

    /**
     * A log x axis with XChart's own decade ticks (its tick calculator for a formatting function is linear, and
     * loops on a log axis), from a little below the lowest level to a little above the highest.
     */
    private static void logTicks(XYChart chart, Sweep sweep) {
        double min = sweep.levels().stream().mapToDouble(l -> l.x().orElseThrow()).min().orElseThrow();
        double max = sweep.levels().stream().mapToDouble(l -> l.x().orElseThrow()).max().orElseThrow();
        chart.getStyler().setXAxisMin(min / 1.3).setXAxisMax(max * 1.3).setXAxisDecimalPattern("#.###");
    }

    /** What the error bars of a metric's figure are. */
    static String intervalName(Metric metric) {
        return metric.fraction() ? "95 % bootstrap CI over seeds" : "95 % t CI over seeds";
    }

    /** A rate's axis stays within 0..100 %: from 0 (on a linear axis), and up to 100 at most. */
    private static void clipToPercent(XYChart chart, SweepTable table, Metric metric, boolean log) {
        double top = 0;
        for (Row row : table.rows()) {
            Estimate e = row.estimate(metric);
            top = Math.max(top, metric.shown(Double.isNaN(e.high()) ? e.mean() : e.high()));
        }
        if (!log) {
            chart.getStyler().setYAxisMin(0.0);
        }
        if (!(top < 90.0)) {
            chart.getStyler().setYAxisMax(100.0);
        }
    }

    /** The error bar drawn for an estimate: none without a CI, none on a log axis when it would reach zero. */
    private static double bar(Metric metric, Estimate e, boolean log) {
        if (Double.isNaN(e.halfWidth()) || log && !(e.low() > 0)) {
            return 0.0;
        }
        return metric.shown(e.halfWidth());
    }

    private static void save(Chart<?, ?> chart, Path file) throws IOException {
        FigureFiles.save(chart, file);
    }
}
