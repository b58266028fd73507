package org.edgegen.experiment;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.edgegen.app.PolicyLineup;
import org.edgegen.policy.BaselineKind;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The one place that sets how every figure looks: size, fonts, the colour-blind-safe palette (Okabe and Ito's),
 * and per policy a colour, a marker and a dash pattern, so that a policy looks the same in every figure and lines
 * that lie on each other stay apart by their markers and dashes.
 *
 * <p>OSI is drawn thickest and solid; a decentralised baseline solid or dashed; a centralised reference thinner and
 * dash-dotted. The first policy drawn (OSI) has a colour of its own; the others' colours, markers and dashes cycle
 * with different periods (7, 10 and 4 per kind), so that no two policies of the shipped suites share all three.
 */
final class FigureStyle {

    static final int WIDTH = 900;
    static final int HEIGHT = 560;

    /** Okabe and Ito's colour-blind-safe palette, without its yellow (too pale on white), and a neutral grey. */
    static final List<Color> PALETTE = List.of(new Color(0xD55E00), new Color(0x0072B2), new Color(0x009E73),
            new Color(0xE69F00), new Color(0xCC79A7), new Color(0x56B4E9), new Color(0x000000),
            new Color(0x7F7F7F));

    static final List<Marker> MARKERS = List.of(SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND,
            SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS, SeriesMarkers.PLUS,
            SeriesMarkers.TRAPEZOID, SeriesMarkers.OVAL, SeriesMarkers.RECTANGLE);

    /** The dash patterns of decentralised baselines and of centralised references (null: solid). */
    static final List<float[]> BASELINE_DASHES = Arrays.asList(new float[] {10f, 5f}, new float[] {2f, 4f}, null,
            new float[] {16f, 4f});
    static final List<float[]> REFERENCE_DASHES = List.of(new float[] {9f, 3f, 2f, 3f},
            new float[] {9f, 3f, 2f, 3f, 2f, 3f}, new float[] {16f, 3f, 3f, 3f}, new float[] {4f, 3f, 1f, 3f});

    static final float OSI_WIDTH = 2.6f;
    static final float BASELINE_WIDTH = 2.0f;
    static final float REFERENCE_WIDTH = 1.4f;
    /** How much wider each line drawn under a tied one is, and how much larger its markers (see {@link #under}). */
    static final float TIE_WIDTH_STEP = 1.6f;
    static final double TIE_MARKER_STEP = 0.4;
    /** Tied groups larger than this get only the legend note: wider halos would cover the figure. */
    static final int MAX_HALOS = 4;
    static final int MARKER_SIZE = 8;

    private FigureStyle() {}

    /** How one policy's line looks. */
    record Look(Color colour, Marker marker, BasicStroke stroke) {

        /**
         * This look for a line drawn {@code depth} places under lines it coincides with: wider, with larger
         * markers, so that it shows as a rim around the ones drawn over it.
         */
        Look under(int depth) {
            if (depth == 0) {
                return this;
            }
            BasicStroke wider = new BasicStroke(stroke.getLineWidth() + TIE_WIDTH_STEP * depth, stroke.getEndCap(),
                    stroke.getLineJoin(), stroke.getMiterLimit(), stroke.getDashArray(), stroke.getDashPhase());
            return new Look(colour, new ScaledMarker(marker, 1.0 + TIE_MARKER_STEP * depth), wider);
        }
    }

    /**
     * The look of {@code policy}, by its place in the order figures draw the suite's policies in
     * ({@link #drawOrder}).
     */
    static Look of(String policy, List<String> policies) {
        List<String> order = drawOrder(policies);
        int index = Math.max(0, order.indexOf(policy));
        Optional<BaselineKind> kind = BaselineKind.of(policy);
        int ofKind = (int) order.subList(0, index).stream().filter(p -> BaselineKind.of(p).equals(kind)).count();
        // the first colour is the first policy's alone (OSI's, in a suite with OSI): the others cycle over the rest
        Color colour = index == 0 ? PALETTE.get(0) : PALETTE.get(1 + (index - 1) % (PALETTE.size() - 1));
        Marker marker = MARKERS.get(index % MARKERS.size());
        if (kind.isEmpty()) {
            return new Look(colour, marker, stroke(policy.equals(PolicyLineup.OSI) ? OSI_WIDTH : BASELINE_WIDTH,
                    null));
        }
        if (kind.get() == BaselineKind.CENTRALISED_REFERENCE) {
            return new Look(colour, marker, stroke(REFERENCE_WIDTH,
                    REFERENCE_DASHES.get(ofKind % REFERENCE_DASHES.size())));
        }
        return new Look(colour, marker, stroke(BASELINE_WIDTH, BASELINE_DASHES.get(ofKind % BASELINE_DASHES.size())));
    }

    /**
     * The fixed order figures draw and list the policies in: OSI and other learned policies first, then the
     * decentralised baselines, then the centralised references, each group in the suite's order.
     */
    static List<String> drawOrder(List<String> policies) {
        List<String> learned = policies.stream().filter(p -> BaselineKind.of(p).isEmpty()).toList();
        List<String> decentralised = policies.stream()
                .filter(p -> BaselineKind.of(p).equals(Optional.of(BaselineKind.DECENTRALISED))).toList();
        List<String> central = policies.stream()
                .filter(p -> BaselineKind.of(p).equals(Optional.of(BaselineKind.CENTRALISED_REFERENCE))).toList();
        return Stream.of(learned, decentralised, central).flatMap(List::stream).toList();
    }

    /** A solid (dash null) or dashed stroke; dashes scale with the width so thin lines keep their pattern. */
    static BasicStroke stroke(float width, float[] dash) {
        if (dash == null) {
            return new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
        }
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f);
    }

    /** The training runs' colours and dashes: by run, cycling like the policies'. */
    static Look run(int index) {
        List<float[]> dashes = Arrays.asList(null, new float[] {10f, 5f}, new float[] {2f, 4f},
                new float[] {9f, 3f, 2f, 3f});
        return new Look(PALETTE.get(index % PALETTE.size()), SeriesMarkers.NONE,
                stroke(1.8f, dashes.get(index / PALETTE.size() % dashes.size())));
    }

    /** Sizes, fonts, background, grid and legend of every figure. */
    static void apply(Chart<?, ?> chart, AxesChartStyler styler) {
        styler.setLegendPosition(LegendPosition.OutsideE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(0xdddddd));
        styler.setLegendBorderColor(Color.WHITE);
        styler.setLegendSeriesLineLength(48);
        styler.setErrorBarsColorSeriesColor(true);
        styler.setMarkerSize(MARKER_SIZE);
        styler.setAntiAlias(true);
        Font base = baseFont();
        styler.setBaseFont(base);
        styler.setChartTitleFont(base.deriveFont(Font.BOLD, 16f));
        styler.setAxisTitleFont(base);
        styler.setAxisTickLabelsFont(base.deriveFont(12f));
        styler.setLegendFont(legendFont());
    }

    /** The figures' base font (axis titles; ticks and titles derive from it). */
    static Font baseFont() {
        return new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    }

    /** The font of a legend, XChart's or a {@link SharedLegend}. */
    static Font legendFont() {
        return baseFont().deriveFont(13f);
    }

    /** A marker drawn larger than the figure's marker size, for a line drawn under tied ones. */
    static final class ScaledMarker extends Marker {

        private final Marker marker;
        private final double scale;

        ScaledMarker(Marker marker, double scale) {
            this.marker = marker;
            this.scale = scale;
        }

        Marker marker() {
            return marker;
        }

        double scale() {
            return scale;
        }

        @Override
        public void paint(Graphics2D g, double xOffset, double yOffset, int markerSize) {
            marker.paint(g, xOffset, yOffset, (int) Math.round(markerSize * scale));
        }
    }
}
