package org.edgegen.experiment;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.edgegen.config.Suite.Level;
import org.edgegen.config.Suite.Sweep;
import org.edgegen.experiment.Statistics.Estimate;
import org.edgegen.experiment.SweepTable.Row;
import org.edgegen.policy.BaselineKind;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the suite's figures as PNG files with XChart: one line per policy (and series level), error bars for the
 * 95 % confidence intervals, titled axes with units. The y axis turns logarithmic when the lines span more than a
 * factor of 30, so that close policies stay apart next to far worse ones; there, an error bar whose lower end would
 * reach zero is not drawn (the report says so; the CSV has every interval). A centralised reference is drawn thinner
 * and dash-dotted, its legend entry suffixed {@value SuiteReport#CENTRAL_SUFFIX}, so that every figure tells the
 * baselines OSI has to beat from the references with full information within a slot.
 */
final class Figures {

    static final int WIDTH = 900;
    static final int HEIGHT = 560;
    private static final double LOG_SPAN = 30.0;
    /** How wide (in categories) the policies of one category spread on a categorical axis. */
    private static final double CATEGORY_SPREAD = 0.5;
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf),
        new Color(0x393b79), new Color(0x637939), new Color(0x843c39), new Color(0x7b4173)};
    private static final Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND,
        SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS, SeriesMarkers.PLUS,
        SeriesMarkers.TRAPEZOID, SeriesMarkers.OVAL, SeriesMarkers.RECTANGLE};
    private static final BasicStroke SOLID = new BasicStroke(2.0f);
    private static final BasicStroke DOTTED = new BasicStroke(2.0f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND,
            10.0f, new float[] {2.0f, 4.0f}, 0.0f);
    private static final BasicStroke DASHED = new BasicStroke(2.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
            10.0f, new float[] {8.0f, 5.0f}, 0.0f);
    private static final BasicStroke THIN_DASH_DOT = new BasicStroke(1.4f, BasicStroke.CAP_BUTT,
            BasicStroke.JOIN_MITER, 10.0f, new float[] {9.0f, 3.0f, 2.0f, 3.0f}, 0.0f);
    private static final BasicStroke THIN_DASHED = new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
            10.0f, new float[] {8.0f, 5.0f}, 0.0f);
    private static final BasicStroke THIN_DOTTED = new BasicStroke(1.4f, BasicStroke.CAP_ROUND,
            BasicStroke.JOIN_ROUND, 10.0f, new float[] {2.0f, 4.0f}, 0.0f);

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Figures() {}

    /** One sweep's figure of one metric. */
    static void sweep(SweepTable table, Metric metric, List<String> policies, Path file) throws IOException {
        String title = metric.title() + " vs " + inSentence(table.sweep().title());
        boolean log = logarithmic(table, metric);
        boolean numeric = table.sweep().numeric();
        List<String> categories = table.sweep().levels().stream().map(Level::label).toList();
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(table.sweep().axisLabel() + "    (bars: " + intervalName(metric) + ")")
                .yAxisTitle(metric.label() + (log ? ", log scale" : "")).build();
        style(chart, chart.getStyler());
        chart.getStyler().setYAxisLogarithmic(log);
        if (metric.fraction()) {
            clipToPercent(chart, table, metric, log);
        }
        if (!log) {
            chart.getStyler().setYAxisDecimalPattern("0.0##");
        }
        if (numeric) {
            integerTicks(chart, table.sweep());
        }
        if (!numeric) {
            // A categorical axis: levels at x = 0, 1, ..., labelled by name; without a series axis the points are
            // not joined, since nothing lies between two categories.
            chart.getStyler().setXAxisMin(-0.5).setXAxisMax(categories.size() - 0.5);
            chart.getStyler().setxAxisTickLabelsFormattingFunction(v -> categoryLabel(categories, v));
            if (table.sweep().series().isEmpty()) {
                chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            }
        }
        for (String line : table.lines()) {
            List<Row> rows = table.line(line);
            double[] x = new double[rows.size()];
            double[] y = new double[rows.size()];
            double[] error = new double[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                Estimate e = rows.get(i).estimate(metric);
                // On a categorical axis the policies stand side by side around their category, so that
                // equal values do not hide each other.
                x[i] = numeric ? rows.get(i).level().x().orElseThrow()
                        : rows.get(i).levelIndex() + CATEGORY_SPREAD * (policies.indexOf(rows.get(i).policy())
                                - (policies.size() - 1) / 2.0) / Math.max(1, policies.size() - 1);
                y[i] = metric.shown(e.mean());
                error[i] = bar(metric, e, log);
            }
            Row first = rows.get(0);
            String name = SuiteReport.shownName(first.policy())
                    + first.series().map(level -> ", " + level.label()).orElse("");
            // A rate's bootstrap interval need not be symmetric about the mean, and XChart's error bars are:
            // each interval is drawn as its own vertical segment, in the line's colour, without a legend entry.
            XYSeries series = metric.fraction() ? chart.addSeries(name, x, y) : chart.addSeries(name, x, y, error);
            look(series, first, policies, table.sweep());
            if (metric.fraction()) {
                for (int i = 0; i < rows.size(); i++) {
                    Estimate e = rows.get(i).estimate(metric);
                    if (Double.isNaN(e.halfWidth()) || log && !(e.low() > 0)) {
                        continue;
                    }
                    XYSeries bar = chart.addSeries(name + " \u200Binterval " + i, new double[] {x[i], x[i]},
                            new double[] {metric.shown(e.low()), metric.shown(e.high())});
                    bar.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                    bar.setMarker(SeriesMarkers.NONE);
                    bar.setLineColor(series.getLineColor());
                    bar.setLineStyle(new BasicStroke(1.0f));
                    bar.setShowInLegend(false);
                }
            }
        }
        save(chart, file);
    }

    /**
     * A training figure: one moving-average curve per run and, optionally, a dashed level per baseline.
     *
     * @param curves    run label to (episode, value) pairs, already smoothed
     * @param baselines baseline name to its evaluation mean (drawn dashed); may be empty
     */
    static void training(String title, String yLabel, Map<String, double[][]> curves, Map<String, Double> baselines,
            Path file) throws IOException {
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
        style(chart, chart.getStyler());
        chart.getStyler().setYAxisLogarithmic(log);
        chart.getStyler().setXAxisMin(0.0).setXAxisDecimalPattern("#");
        if (!log) {
            chart.getStyler().setYAxisDecimalPattern("0.0##");
        }
        int colour = 0;
        double lastEpisode = 0;
        for (Map.Entry<String, double[][]> curve : curves.entrySet()) {
            double[][] points = curve.getValue();
            XYSeries series = chart.addSeries(curve.getKey(), points[0], points[1]);
            series.setMarker(SeriesMarkers.NONE);
            series.setLineColor(PALETTE[colour++ % PALETTE.length]);
            series.setLineStyle(new BasicStroke(1.6f));
            if (points[0].length > 0) {
                lastEpisode = Math.max(lastEpisode, points[0][points[0].length - 1]);
            }
        }
        for (Map.Entry<String, Double> baseline : baselines.entrySet()) {
            boolean central = central(baseline.getKey());
            XYSeries series = chart.addSeries(baseline.getKey() + (central ? " (central, evaluation)"
                    : " (evaluation)"), new double[] {0, lastEpisode},
                    new double[] {baseline.getValue(), baseline.getValue()});
            series.setMarker(SeriesMarkers.NONE);
            series.setLineColor(PALETTE[colour++ % PALETTE.length]);
            series.setLineStyle(central ? THIN_DASH_DOT : DASHED);
        }
        save(chart, file);
    }

    private static void style(Chart<?, ?> chart, AxesChartStyler styler) {
        styler.setLegendPosition(LegendPosition.OutsideE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(0xdddddd));
        styler.setLegendBorderColor(Color.WHITE);
        styler.setLegendSeriesLineLength(48);
        styler.setErrorBarsColorSeriesColor(true);
        styler.setAntiAlias(true);
        Font base = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
        styler.setBaseFont(base);
        styler.setChartTitleFont(base.deriveFont(Font.BOLD, 16f));
        styler.setAxisTitleFont(base);
        styler.setAxisTickLabelsFont(base.deriveFont(12f));
        styler.setLegendFont(base.deriveFont(13f));
    }

    /**
     * Colour and marker by policy (the same in every figure, so lines that coincide stay visible by their markers);
     * solid for the first series level, dashed for the second, dotted for later ones; a centralised reference thinner,
     * and dash-dotted instead of solid.
     */
    private static void look(XYSeries series, Row row, List<String> policies, Sweep sweep) {
        int policy = Math.max(0, policies.indexOf(row.policy()));
        Color colour = PALETTE[policy % PALETTE.length];
        int seriesIndex = row.series().map(level -> sweep.series().orElseThrow().levels().indexOf(level)).orElse(0);
        series.setLineColor(colour);
        series.setMarkerColor(colour);
        if (central(row.policy())) {
            series.setLineStyle(seriesIndex == 0 ? THIN_DASH_DOT : seriesIndex == 1 ? THIN_DASHED : THIN_DOTTED);
        } else {
            series.setLineStyle(seriesIndex == 0 ? SOLID : seriesIndex == 1 ? DASHED : DOTTED);
        }
        series.setMarker(MARKERS[policy % MARKERS.length]);
    }

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
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapFormat.PNG);
    }
}
