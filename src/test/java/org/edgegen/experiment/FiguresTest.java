package org.edgegen.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.BasicStroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.DoubleStream;
import org.edgegen.config.Suite.Level;
import org.edgegen.config.Suite.SeriesAxis;
import org.edgegen.config.Suite.Sweep;
import org.edgegen.experiment.Statistics.Estimate;
import org.edgegen.experiment.SweepTable.Row;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class FiguresTest {

    private static final List<String> POLICIES = List.of("osi", "opt", "greedy-local", "least-loaded");

    private static Level level(String label, double x) {
        return new Level(label, OptionalDouble.of(x), Map.of("edgegen.users.count", label));
    }

    private static Sweep sweep(String name, Optional<SeriesAxis> series, double... xs) {
        List<Level> levels = Arrays.stream(xs).mapToObj(x -> level(Long.toString(Math.round(x)), x)).toList();
        return new Sweep(name, "Backhaul rate", "Mbit/s", levels, series, Map.of());
    }

    /** Rows of every level (and series level) for each policy, every metric at value(policy, level). */
    private static SweepTable table(Sweep sweep, Map<String, double[]> values) {
        List<Row> rows = new ArrayList<>();
        List<Optional<Level>> series = sweep.series().map(s -> s.levels().stream().map(Optional::of).toList())
                .orElse(List.of(Optional.empty()));
        for (int l = 0; l < sweep.levels().size(); l++) {
            for (Optional<Level> s : series) {
                for (Map.Entry<String, double[]> policy : values.entrySet()) {
                    Map<Metric, Estimate> estimates = new EnumMap<>(Metric.class);
                    for (Metric metric : Metric.values()) {
                        estimates.put(metric, new Estimate(policy.getValue()[l], 0.01, 3));
                    }
                    rows.add(new Row(l, sweep.levels().get(l), s, policy.getKey(), 3, estimates));
                }
            }
        }
        return new SweepTable(sweep, rows, List.of());
    }

    private static Map<String, double[]> values(Object... cells) {
        Map<String, double[]> values = new java.util.LinkedHashMap<>();
        for (int i = 0; i < cells.length; i += 2) {
            values.put((String) cells[i], (double[]) cells[i + 1]);
        }
        return values;
    }

    private static List<XYSeries> inLegend(XYChart chart) {
        return chart.getSeriesMap().values().stream().filter(XYSeries::isShowInLegend).toList();
    }

    /** The neighbour-cooperation series axis, its two levels (on, then off) named {@code on} and {@code off}. */
    private static SeriesAxis cooperation(String on, String off) {
        return new SeriesAxis("Neighbour cooperation", List.of(
                new Level(on, OptionalDouble.empty(), Map.of("edgegen.topology.cooperation", "on")),
                new Level(off, OptionalDouble.empty(), Map.of("edgegen.topology.cooperation", "off"))));
    }

    @Test
    void tiedLinesGetDistinctMarkersAndDashesTheLowerOneWiderAndALegendNote() {
        SweepTable table = table(sweep("backhaul", Optional.empty(), 50, 450, 2000), values(
                "osi", new double[] {0.3, 0.2, 0.1}, "opt", new double[] {0.25, 0.15, 0.05},
                "greedy-local", new double[] {0.25, 0.15, 0.05}, "least-loaded", new double[] {0.5, 0.4, 0.3}));
        assertThat(Figures.ties(table, Metric.COST, Optional.empty(), POLICIES))
                .containsExactly(List.of("greedy-local", "opt"));
        XYChart chart = Figures.sweepPanels(table, Metric.COST, POLICIES).get(0);
        // the fixed order: OSI, then the decentralised baselines, then the centralised references
        assertThat(inLegend(chart)).extracting(XYSeries::getName).containsExactly("osi", "greedy-local",
                "least-loaded", "opt (central) (= greedy-local)");
        XYSeries under = chart.getSeriesMap().get("greedy-local");
        XYSeries over = chart.getSeriesMap().get("opt (central) (= greedy-local)");
        assertThat(under.getMarker()).isNotEqualTo(over.getMarker());
        assertThat(under.getLineStyle().getDashArray()).isNotEqualTo(over.getLineStyle().getDashArray());
        assertThat(under.getLineStyle().getLineWidth()).isGreaterThan(over.getLineStyle().getLineWidth()
                + FigureStyle.TIE_WIDTH_STEP / 2);
        assertThat(under.getMarker()).isInstanceOf(FigureStyle.ScaledMarker.class);
        // lines that only meet at some points are not ties
        assertThat(Figures.ties(table(sweep("backhaul", Optional.empty(), 50, 450, 2000), values(
                "osi", new double[] {0.3, 0.2, 0.1}, "opt", new double[] {0.3, 0.15, 0.05})), Metric.COST,
                Optional.empty(), POLICIES)).isEmpty();
    }

    @Test
    void aRateFigureDrawsOsiLastOnTopOfTheBaselinesItTiesWithAndKeepsItsLegendPlaceAndTheTieNotes() {
        // osi, least-loaded and opt at 0 % at every level: a tie; greedy-local meets them at the first level only
        SweepTable table = table(sweep("load", Optional.empty(), 1, 2, 3), values(
                "osi", new double[] {0, 0, 0}, "opt", new double[] {0, 0, 0},
                "greedy-local", new double[] {0, 0.2, 0.5}, "least-loaded", new double[] {0, 0, 0}));
        XYChart chart = Figures.sweepPanels(table, Metric.DEADLINE_VIOLATIONS, POLICIES).get(0);
        assertThat(inLegend(chart)).extracting(XYSeries::getName).containsExactly("osi", "greedy-local",
                "least-loaded (= osi)", "opt (central) (= osi)");
        List<XYSeries> lines = chart.getSeriesMap().values().stream()
                .filter(s -> s.getXData().length == 3).toList();
        XYSeries top = lines.get(lines.size() - 1);
        assertThat(top.isShowInLegend()).isFalse();
        assertThat(top.getXData()).containsExactly(chart.getSeriesMap().get("osi").getXData());
        assertThat(top.getLineColor()).isEqualTo(FigureStyle.of("osi", POLICIES).colour());
        // drawn on top, osi is the narrowest of its tie, and the baselines under it are wider
        float osi = top.getLineStyle().getLineWidth();
        assertThat(osi).isEqualTo(FigureStyle.OSI_WIDTH);
        assertThat(chart.getSeriesMap().get("least-loaded (= osi)").getLineStyle().getLineWidth())
                .isGreaterThan(chart.getSeriesMap().get("opt (central) (= osi)").getLineStyle().getLineWidth())
                .isGreaterThan(FigureStyle.REFERENCE_WIDTH + FigureStyle.TIE_WIDTH_STEP / 2);
        BitmapEncoder.getBufferedImage(chart);
        // a cost figure draws each line once, in the fixed order, osi first and at the bottom of its ties
        XYChart cost = Figures.sweepPanels(table, Metric.COST, POLICIES).get(0);
        assertThat(cost.getSeriesMap().values()).allMatch(XYSeries::isShowInLegend);
        assertThat(cost.getSeriesMap().values().iterator().next().getName()).isEqualTo("osi");
        assertThat(cost.getSeriesMap().get("osi").getLineStyle().getLineWidth())
                .isGreaterThan(FigureStyle.OSI_WIDTH + FigureStyle.TIE_WIDTH_STEP);
    }

    @Test
    void everyPolicyOfTheSuitesHasItsOwnColourMarkerAndDashTogether() {
        List<String> policies = List.of("osi", "greedy-local", "least-loaded", "least-finish", "least-finish-min",
                "all-home", "all-home-30", "all-local", "all-local-30", "random", "opt", "central-greedy",
                "central-least-finish", "central-least-finish-min");
        Set<List<Object>> looks = new HashSet<>();
        for (String policy : policies) {
            FigureStyle.Look look = FigureStyle.of(policy, policies);
            looks.add(List.of(look.colour(), look.marker(), Arrays.toString(look.stroke().getDashArray())));
        }
        assertThat(looks).hasSize(policies.size());
        assertThat(policies.subList(1, policies.size())).allSatisfy(p -> assertThat(FigureStyle.of(p, policies)
                .colour()).isNotEqualTo(FigureStyle.of("osi", policies).colour()));
        BasicStroke osi = FigureStyle.of("osi", policies).stroke();
        BasicStroke reference = FigureStyle.of("opt", policies).stroke();
        assertThat(osi.getDashArray()).isNull();
        assertThat(reference.getDashArray()).isNotNull();
        assertThat(osi.getLineWidth()).isGreaterThan(reference.getLineWidth());
    }

    @Test
    void aBackhaulSweepGetsALogAxisAndUsersOrCellsStayLinear() {
        assertThat(Figures.logarithmicX(sweep("backhaul", Optional.empty(), 50, 450, 2000))).isTrue();
        assertThat(Figures.logarithmicX(sweep("backhaul", Optional.empty(), 50, 200, 450, 1000))).isTrue();
        assertThat(Figures.logarithmicX(sweep("users", Optional.empty(), 2, 4, 5))).isFalse();
        assertThat(Figures.logarithmicX(sweep("users", Optional.empty(), 10, 20, 30, 40, 50))).isFalse();
        assertThat(Figures.logarithmicX(sweep("cells", Optional.empty(), 1, 7, 19))).isFalse();
        assertThat(Figures.logarithmicX(sweep("deadline", Optional.empty(), 4, 8, 16))).isFalse();
        SweepTable table = table(sweep("backhaul", Optional.empty(), 50, 450, 2000), values(
                "osi", new double[] {0.3, 0.2, 0.1}, "opt", new double[] {0.25, 0.15, 0.05}));
        XYChart chart = Figures.sweepPanels(table, Metric.COST, POLICIES).get(0);
        assertThat(chart.getStyler().isXAxisLogarithmic()).isTrue();
        assertThat(chart.getXAxisTitle()).contains("log scale");
        BufferedImage image = BitmapEncoder.getBufferedImage(chart);
        assertThat(image.getWidth()).isEqualTo(Figures.WIDTH);
    }

    @Test
    void aSweepWithASeriesAxisGetsOnePanelPerSeriesLevelEachListingThePoliciesOnce() {
        SeriesAxis cooperation = cooperation("on", "off");
        SweepTable table = table(sweep("cells", Optional.of(cooperation), 1, 2, 3), values(
                "osi", new double[] {0.3, 0.2, 0.1}, "opt", new double[] {0.25, 0.15, 0.05},
                "least-loaded", new double[] {0.5, 0.4, 0.3}));
        List<XYChart> panels = Figures.sweepPanels(table, Metric.DEADLINE_VIOLATIONS, POLICIES);
        assertThat(panels).hasSize(2);
        assertThat(panels.get(0).getTitle()).endsWith(", on");
        assertThat(panels.get(1).getTitle()).endsWith(", off");
        for (XYChart panel : panels) {
            // no legend beside a panel: the figure has one below its panels, each policy once
            assertThat(panel.getStyler().isLegendVisible()).isFalse();
            assertThat(inLegend(panel)).hasSize(3);
            BitmapEncoder.getBufferedImage(panel);
        }
        assertThat(Figures.legend(table, Metric.DEADLINE_VIOLATIONS, POLICIES)).extracting(SharedLegend.Entry::name)
                .containsExactly("osi", "least-loaded", "opt (central)");
        assertThat(panels.get(0).getStyler().getYAxisMax()).isEqualTo(panels.get(1).getStyler().getYAxisMax());
    }

    @Test
    void theSharedLegendOfStackedPanelsNamesTiesInSomePanelsWithThePanelAndFitsInColumns(@TempDir Path dir)
            throws IOException {
        SeriesAxis cooperation = cooperation("cooperation on", "cooperation off");
        List<String> policies = List.of("osi", "greedy-local", "least-loaded", "least-finish", "least-finish-min",
                "all-home", "all-home-30", "all-local", "all-local-30", "random", "central-greedy",
                "central-least-finish", "central-least-finish-min");
        // every policy at its own values in both panels, but all-home equal to least-loaded in the second only
        Sweep cells = sweep("cells", Optional.of(cooperation), 1, 7, 19);
        List<Row> rows = new ArrayList<>();
        for (int l = 0; l < 3; l++) {
            for (Level series : cooperation.levels()) {
                for (int p = 0; p < policies.size(); p++) {
                    boolean off = series.label().endsWith("off");
                    double value = 0.1 * (p + 1) + 0.01 * l + (off ? 0.5 : 0)
                            - (off && policies.get(p).equals("all-home") ? 0.3 : 0);
                    Map<Metric, Estimate> estimates = new EnumMap<>(Metric.class);
                    for (Metric metric : Metric.values()) {
                        estimates.put(metric, new Estimate(value, 0.01, 3));
                    }
                    rows.add(new Row(l, cells.levels().get(l), Optional.of(series), policies.get(p), 3, estimates));
                }
            }
        }
        SweepTable table = new SweepTable(cells, rows, List.of());
        assertThat(Figures.ties(table, Metric.COST, Optional.of(cooperation.levels().get(1)), policies))
                .containsExactly(List.of("least-loaded", "all-home"));
        List<SharedLegend.Entry> entries = Figures.legend(table, Metric.COST, policies);
        assertThat(entries).hasSize(13);
        assertThat(entries.get(0).name()).isEqualTo("osi");
        assertThat(entries).extracting(SharedLegend.Entry::name)
                .contains("all-home (= least-loaded, cooperation off)", "central-greedy (central)");
        assertThat(entries.get(0).look()).isEqualTo(FigureStyle.of("osi", policies));
        SharedLegend legend = SharedLegend.of(entries, Figures.WIDTH);
        // 13 entries in a paper column's width: at least three columns, so at most five rows
        assertThat(legend.columns()).isGreaterThanOrEqualTo(3);
        assertThat(legend.rows()).isLessThanOrEqualTo(5);
        Path png = dir.resolve("cells-cost.png");
        Figures.sweep(table, Metric.COST, policies, png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getHeight()).isEqualTo(2 * Figures.HEIGHT + legend.height());
        assertThat(Files.readString(FigureFiles.svgOf(png))).contains("all-home (= least-loaded, cooperation off)");
    }

    @Test
    void everySweepFigureIsWrittenAsAPngAndAnSvgOfTheSameSizeOnePanelOrStacked(@TempDir Path dir)
            throws IOException {
        SeriesAxis cooperation = cooperation("on", "off");
        Map<String, double[]> values = values("osi", new double[] {0.3, 0.2, 0.1}, "least-loaded",
                new double[] {0.5, 0.4, 0.3});
        Path single = dir.resolve("single.png");
        Path stacked = dir.resolve("stacked.png");
        Figures.sweep(table(sweep("users", Optional.empty(), 2, 4, 5), values), Metric.COST, POLICIES, single);
        Figures.sweep(table(sweep("cells", Optional.of(cooperation), 1, 2, 3), values), Metric.COST, POLICIES,
                stacked);

        for (Path png : List.of(single, stacked)) {
            BufferedImage image = ImageIO.read(png.toFile());
            String svg = Files.readString(FigureFiles.svgOf(png));
            assertThat(svg).contains("<svg").contains("</svg>").contains("path");
            int height = png.equals(single) ? Figures.HEIGHT
                    : 2 * Figures.HEIGHT + SharedLegend.of(Figures.legend(table(sweep("cells", Optional.of(cooperation),
                            1, 2, 3), values), Metric.COST, POLICIES), Figures.WIDTH).height();
            assertThat(image.getWidth()).isEqualTo(Figures.WIDTH);
            assertThat(image.getHeight()).isEqualTo(height);
            // the SVG's canvas in points, as VectorGraphics2D writes it: the PNG's size
            assertThat(svg).contains("viewBox=\"0 0 " + Figures.WIDTH + " " + height + "\"");
        }
        assertThat(FigureFiles.svgOf(single)).isEqualTo(dir.resolve("single.svg"));
    }

    @Test
    void trainingCurvesHaveALegendTitleAndBaselinesInTheirOwnLook() {
        Map<String, double[][]> curves = new java.util.LinkedHashMap<>();
        curves.put("2", new double[][] {{0, 1, 2}, {0.5, 0.4, 0.3}});
        curves.put("4", new double[][] {{0, 1, 2}, {0.6, 0.5, 0.4}});
        XYChart chart = Figures.trainingChart("OSI training", "Mean weighted cost", "Number of users", curves,
                Map.of(), POLICIES);
        List<XYSeries> legend = inLegend(chart);
        assertThat(legend).extracting(XYSeries::getName).containsExactly("Number of users:", "2", "4");
        assertThat(legend.get(0).getLineColor().getAlpha()).isZero();
        XYChart reference = Figures.trainingChart("OSI training", "Mean weighted cost", "",
                Map.of("osi", new double[][] {{0, 1, 2}, {0.5, 0.4, 0.3}}), Map.of("opt", 0.2, "least-loaded", 0.3),
                POLICIES);
        assertThat(inLegend(reference)).extracting(XYSeries::getName).containsExactly("osi", "Evaluation means:",
                "least-loaded", "opt (central)");
        assertThat(reference.getSeriesMap().get("opt (central)").getLineColor())
                .isEqualTo(FigureStyle.of("opt", POLICIES).colour());
        BitmapEncoder.getBufferedImage(reference);
    }

    @Test
    void equalBaselineLevelsInATrainingFigureGetALegendNoteAndTheLowerLineIsWider() {
        Map<String, Double> levels = new java.util.LinkedHashMap<>();
        levels.put("opt", 0.2);
        levels.put("greedy-local", 0.2);
        levels.put("least-loaded", 0.3);
        assertThat(Figures.levelTies(FigureStyle.drawOrder(POLICIES).stream().filter(levels::containsKey).toList(),
                levels)).containsExactly(List.of("greedy-local", "opt"));

        XYChart chart = Figures.trainingChart("OSI training", "Mean weighted cost", "",
                Map.of("osi", new double[][] {{0, 1, 2}, {0.5, 0.4, 0.3}}), levels, POLICIES);

        assertThat(inLegend(chart)).extracting(XYSeries::getName).containsExactly("osi", "Evaluation means:",
                "greedy-local", "least-loaded", "opt (central) (= greedy-local)");
        float under = chart.getSeriesMap().get("greedy-local").getLineStyle().getLineWidth();
        float over = chart.getSeriesMap().get("opt (central) (= greedy-local)").getLineStyle().getLineWidth();
        assertThat(under).as("the line drawn first, under the tied one, is wider").isGreaterThan(over);
        assertThat(chart.getSeriesMap().get("least-loaded").getLineStyle().getLineWidth())
                .isEqualTo(FigureStyle.BASELINE_WIDTH);
    }

    @Test
    void aTitleInASentenceKeepsTheCapitalsOfAnAcronym() {
        assertThat(Figures.inSentence("GPU mix")).isEqualTo("GPU mix");
        assertThat(Figures.inSentence("Number of users")).isEqualTo("number of users");
        assertThat(Figures.inSentence("Weight of the generation error ω3")).isEqualTo("weight of the generation error ω3");
        assertThat(Figures.inSentence("")).isEmpty();
    }

    @Test
    void anIntegerAxisLabelsItsLevelsOnlyAndNoFractionalTick() {
        List<Double> cells = List.of(1.0, 7.0, 19.0);
        assertThat(Figures.integerLabel(cells, true, 1.0)).isEqualTo("1");
        assertThat(Figures.integerLabel(cells, true, 7.0)).isEqualTo("7");
        assertThat(Figures.integerLabel(cells, true, 19.0)).isEqualTo("19");
        assertThat(Figures.integerLabel(cells, true, 5.0).replace("\u200B", "")).isEmpty();
        assertThat(Figures.integerLabel(cells, true, 2.5).replace("\u200B", "")).isEmpty();
        List<Double> users = List.of(2.0, 4.0, 5.0);
        assertThat(Figures.integerLabel(users, false, 3.0)).isEqualTo("3");
        assertThat(Figures.integerLabel(users, false, 3.5).replace("\u200B", "")).isEmpty();
    }

    @Test
    void theInvisibleLabelsDifferFromTickToTick() {
        // XChart drops every tick label when two are equal
        List<Double> cells = List.of(1.0, 7.0, 19.0);
        List<String> labels = DoubleStream.iterate(-1.0, v -> v <= 21.0, v -> v + 0.5)
                .mapToObj(v -> Figures.integerLabel(cells, true, v)).toList();
        assertThat(labels).doesNotHaveDuplicates();
    }
}
