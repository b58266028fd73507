package org.edgegen.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.edgegen.model.InputException;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The cost curve of one or more {@code bench} runs as two PNG files: user-slots per second against users, and heap
 * bytes per user against users, one line per policy and engine, users on a logarithmic axis.
 */
public final class BenchCurve {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;
    private static final double LOG_SPAN = 30.0;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b)};

    /** One line: a policy on an engine, the users measured and the value at each. */
    public record Line(String label, double[] users, double[] values) {}

    /** The lines of both figures, read from the bench runs, and the throughput's axis title. */
    public record Curves(List<Line> throughput, List<Line> heap, String title, String rateTitle) {

        public Curves(List<Line> throughput, List<Line> heap, String title) {
            this(throughput, heap, title, Rate.WALL.title);
        }
    }

    /** Which throughput the first figure plots. */
    public enum Rate {
        /** User-slots per second of wall time: the steady rate where the run had two episodes or more. */
        WALL("User-slots per second"),
        /**
         * User-slots per CPU-second of the whole JVM: the steady figure where the run had two episodes or more, else
         * the whole run's; rows without a CPU figure (bench.json from before it existed) are left out.
         */
        CPU("User-slots per CPU-second");

        final String title;

        Rate(String title) {
            this.title = title;
        }
    }

    private BenchCurve() {}

    /**
     * Reads {@code bench.json} of each run (a directory holding it, or the file). Throughput is the steady rate
     * where the run had two episodes or more, else the whole-run rate.
     *
     * @throws InputException for a run that is missing or not a bench.json
     */
    public static Curves read(List<Path> runs) {
        return read(runs, Rate.WALL);
    }

    /**
     * Reads {@code bench.json} of each run, with the throughput {@code rate} says.
     *
     * @throws InputException for a run that is missing or not a bench.json
     */
    public static Curves read(List<Path> runs, Rate rate) {
        List<Line> throughput = new ArrayList<>();
        List<Line> heap = new ArrayList<>();
        List<String> scenarios = new ArrayList<>();
        for (Path run : runs) {
            Path file = Files.isDirectory(run) ? run.resolve("bench.json") : run;
            JsonNode bench;
            try {
                bench = new ObjectMapper().readTree(file.toFile());
            } catch (IOException e) {
                throw new InputException("bench run " + run + ": cannot read " + file + " ("
                        + e.getClass().getSimpleName() + ")");
            }
            if (bench == null || !bench.has("results") || !bench.has("policy")) {
                throw new InputException("bench run " + run + ": " + file + " is not a bench.json (no policy or results)");
            }
            String policy = bench.get("policy").asText();
            String scenario = bench.path("scenario").asText() + (bench.path("usersPerCell").isNumber()
                    ? String.format(Locale.ROOT, " grown to %.4g users per cell",
                            bench.get("usersPerCell").asDouble()) : "");
            if (!scenarios.contains(scenario)) {
                scenarios.add(scenario);
            }
            Map<String, List<double[]>> perRate = new LinkedHashMap<>();
            Map<String, List<double[]>> bytes = new LinkedHashMap<>();
            for (JsonNode row : bench.get("results")) {
                if (!row.path("available").asBoolean()) {
                    continue;
                }
                String engine = row.get("engine").asText();
                double users = row.get("users").asDouble();
                JsonNode steady = row.get(rate == Rate.WALL ? "steadyUserSlotsPerSecond" : "steadyUserSlotsPerCpuSecond");
                JsonNode whole = row.get(rate == Rate.WALL ? "userSlotsPerSecond" : "userSlotsPerCpuSecond");
                JsonNode value = steady != null && steady.isNumber() ? steady : whole;
                if (value != null && value.isNumber()) {
                    perRate.computeIfAbsent(engine, e -> new ArrayList<>())
                            .add(new double[] {users, value.asDouble()});
                }
                bytes.computeIfAbsent(engine, e -> new ArrayList<>())
                        .add(new double[] {users, row.get("heapBytesPerUser").asDouble()});
            }
            perRate.forEach((engine, points) -> throughput.add(line(policy + ", " + engine, points)));
            bytes.forEach((engine, points) -> heap.add(line(policy + ", " + engine, points)));
        }
        return new Curves(throughput, heap, String.join("; ", scenarios), rate.title);
    }

    private static Line line(String label, List<double[]> points) {
        points.sort((a, b) -> Double.compare(a[0], b[0]));
        return new Line(label, points.stream().mapToDouble(p -> p[0]).toArray(),
                points.stream().mapToDouble(p -> p[1]).toArray());
    }

    /**
     * Writes the throughput figure to {@code file} and the heap figure next to it ({@code NAME-heap.png}), each with
     * its SVG; returns the PNGs, then the SVGs.
     */
    public static List<Path> draw(Curves curves, Path file) throws IOException {
        Path heapFile = heapFile(file);
        save(chart(curves.rateTitle() + " (" + curves.title() + ")", curves.rateTitle(), curves.throughput()), file);
        save(chart("Heap per user (" + curves.title() + ")", "Heap bytes per user", curves.heap()), heapFile);
        return List.of(file, heapFile, FigureFiles.svgOf(file), FigureFiles.svgOf(heapFile));
    }

    static Path heapFile(Path file) {
        String name = file.getFileName().toString();
        String stem = name.toLowerCase(Locale.ROOT).endsWith(".png") ? name.substring(0, name.length() - 4)
                : name;
        return file.resolveSibling(stem + "-heap.png");
    }

    /**
     * Users on a log axis; the values on a log axis too when they span more than a factor of {@value #LOG_SPAN}
     * (XChart labels a log axis only at powers of ten, so a narrower span would show no labels).
     */
    static XYChart chart(String title, String yTitle, List<Line> lines) {
        boolean logY = logarithmic(lines);
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("Users N, log scale").yAxisTitle(yTitle + (logY ? ", log scale" : "")).build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setXAxisDecimalPattern("#,###");
        chart.getStyler().setYAxisDecimalPattern("#,###");
        chart.getStyler().setYAxisMin(logY ? null : 0.0);
        // below the plot: inside it, the legend hid the points at the fewest users of a falling line (the heap)
        chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(0xdddddd));
        chart.getStyler().setAntiAlias(true);
        Font base = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
        chart.getStyler().setBaseFont(base);
        chart.getStyler().setChartTitleFont(base.deriveFont(Font.BOLD, 15f));
        int colour = 0;
        for (Line line : lines) {
            XYSeries series = chart.addSeries(line.label(), line.users(), line.values());
            series.setLineColor(PALETTE[colour % PALETTE.length]);
            series.setMarkerColor(PALETTE[colour % PALETTE.length]);
            series.setMarker(line.label().endsWith("actors") ? SeriesMarkers.SQUARE : SeriesMarkers.CIRCLE);
            series.setLineStyle(line.label().endsWith("actors") ? new BasicStroke(2.0f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f) : new BasicStroke(2.0f));
            colour++;
        }
        return chart;
    }

    static boolean logarithmic(List<Line> lines) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (Line line : lines) {
            for (double v : line.values()) {
                if (v > 0) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        return max > 0 && max / min > LOG_SPAN;
    }

    private static void save(XYChart chart, Path file) throws IOException {
        FigureFiles.save(chart, file);
    }
}
