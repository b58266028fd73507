package org.edgegen.experiment;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.edgegen.app.EpisodeTrace;
import org.edgegen.model.InputException;
import org.edgegen.model.Scenario.LayoutKind;
import org.edgegen.model.network.UserSite;
import org.edgegen.model.slot.Decision;
import org.edgegen.model.topology.Point;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The map of one episode at one slot, as a PNG and an SVG: on the left the cells (hexagons, or squares on a grid),
 * each BS labelled with its GPU and its backlog at the start of the slot (the cell shaded by it), and the users
 * coloured by their choice in the slot (local, home BS, neighbour BS), with an arrow to the serving neighbour and
 * each task's step count; on the right every BS's backlog over the episode, with the slot marked.
 */
public final class EpisodeMap {

    static final int WIDTH = 1500;
    static final int HEIGHT = 720;
    /** The map panel's share of the width; the backlog panel takes the rest. */
    private static final int MAP_WIDTH = 760;
    /** More BSs than this get one grey line each in the backlog panel, with their mean and maximum in colour. */
    static final int MAX_BS_LINES = 10;
    /** Cells drawn smaller than this (radius in pixels) carry no text; users no step counts below twice this. */
    private static final double LABEL_RADIUS_PIXELS = 34;

    /** What a user did in the slot, as the map colours it. */
    enum Choice {
        LOCAL("local", FigureStyle.PALETTE.get(1)),
        HOME("home BS", FigureStyle.PALETTE.get(2)),
        NEIGHBOUR("neighbour BS", FigureStyle.PALETTE.get(0)),
        INVALID("invalid", Color.BLACK),
        IDLE("no task", new Color(0xBBBBBB));

        final String label;
        final Color colour;

        Choice(String label, Color colour) {
            this.label = label;
            this.colour = colour;
        }

        static Choice of(Decision decision, UserSite user) {
            return switch (decision.kind()) {
                case NONE -> IDLE;
                case LOCAL -> LOCAL;
                case INVALID -> INVALID;
                case OFFLOAD -> decision.targetBs() == user.homeBs() ? HOME : NEIGHBOUR;
            };
        }
    }

    private EpisodeMap() {}

    /** Every user's choice in slot {@code slot}, by user id. */
    static List<Choice> choices(EpisodeTrace trace, int slot) {
        Decision[] decisions = trace.decisions().get(slot);
        List<Choice> choices = new ArrayList<>();
        for (UserSite user : trace.users()) {
            choices.add(Choice.of(decisions[user.userId()], user));
        }
        return choices;
    }

    /**
     * Draws slot {@code slot} of the trace into {@code png} and its SVG next to it.
     *
     * @throws InputException when the slot is not one of the episode's
     */
    public static void draw(EpisodeTrace trace, int slot, Path png) throws IOException {
        requireSlot(trace, slot);
        FigureFiles.save(WIDTH, HEIGHT, (g, width, height) -> {
            paintMap(g, trace, slot, MAP_WIDTH, height);
            Graphics2D right = (Graphics2D) g.create(MAP_WIDTH, 0, width - MAP_WIDTH, height);
            try {
                backlogChart(trace, slot, width - MAP_WIDTH, height).paint(right, width - MAP_WIDTH, height);
            } finally {
                right.dispose();
            }
        }, png);
    }

    /** Where the SVG of the map {@code png} goes. */
    public static Path svgOf(Path png) {
        return FigureFiles.svgOf(png);
    }

    static void requireSlot(EpisodeTrace trace, int slot) {
        if (slot < 0 || slot >= trace.slots()) {
            throw new InputException("--slot " + slot + " is out of range: allowed 0.." + (trace.slots() - 1)
                    + " (the scenario's edgegen.time.slots-per-episode is " + trace.slots() + ")");
        }
    }

    /** The right panel: Q_b(l) of every BS over the episode, l = 0..L, with slot {@code slot} marked. */
    static XYChart backlogChart(EpisodeTrace trace, int slot, int width, int height) {
        int cells = trace.sites().size();
        int points = trace.backlogImageSteps().size();
        double[] slots = new double[points];
        double max = 0;
        for (int l = 0; l < points; l++) {
            slots[l] = l;
            for (double q : trace.backlogImageSteps().get(l)) {
                max = Math.max(max, q);
            }
        }
        XYChart chart = new XYChartBuilder().width(width).height(height)
                .title("Server backlog over the episode").xAxisTitle("Slot l (start of slot)")
                .yAxisTitle("Backlog Q_b (image-steps)").build();
        FigureStyle.apply(chart, chart.getStyler());
        chart.getStyler().setXAxisMin(0.0).setXAxisMax((double) points - 1).setXAxisDecimalPattern("#");
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(Math.max(1.0, max * 1.05)).setYAxisDecimalPattern("#,##0");
        chart.getStyler().setLegendFont(chart.getStyler().getLegendFont().deriveFont(12f));
        if (cells <= MAX_BS_LINES) {
            for (int b = 0; b < cells; b++) {
                double[] q = column(trace, b);
                XYSeries line = chart.addSeries("BS " + b + " (" + trace.gpus().get(b) + ")", slots, q);
                FigureStyle.Look look = FigureStyle.run(b);
                line.setMarker(SeriesMarkers.NONE);
                line.setLineColor(look.colour());
                line.setLineStyle(look.stroke());
            }
        } else {
            double[] mean = new double[points];
            double[] top = new double[points];
            for (int b = 0; b < cells; b++) {
                double[] q = column(trace, b);
                for (int l = 0; l < points; l++) {
                    mean[l] += q[l] / cells;
                    top[l] = Math.max(top[l], q[l]);
                }
                XYSeries line = chart.addSeries("BS " + b, slots, q);
                line.setMarker(SeriesMarkers.NONE);
                line.setLineColor(new Color(0, 0, 0, 40));
                line.setLineStyle(new BasicStroke(0.8f));
                line.setShowInLegend(false);
            }
            XYSeries meanLine = chart.addSeries("mean of " + cells + " BSs", slots, mean);
            meanLine.setMarker(SeriesMarkers.NONE);
            meanLine.setLineColor(FigureStyle.PALETTE.get(1));
            meanLine.setLineStyle(FigureStyle.stroke(2.4f, null));
            XYSeries topLine = chart.addSeries("largest", slots, top);
            topLine.setMarker(SeriesMarkers.NONE);
            topLine.setLineColor(FigureStyle.PALETTE.get(0));
            topLine.setLineStyle(FigureStyle.stroke(2.0f, new float[] {10f, 5f}));
        }
        XYSeries mark = chart.addSeries("slot " + slot + " (the map)", new double[] {slot, slot},
                new double[] {0, Math.max(1.0, max * 1.05)});
        mark.setMarker(SeriesMarkers.NONE);
        mark.setLineColor(Color.DARK_GRAY);
        mark.setLineStyle(FigureStyle.stroke(1.2f, new float[] {2f, 4f}));
        return chart;
    }

    private static double[] column(EpisodeTrace trace, int bs) {
        double[] q = new double[trace.backlogImageSteps().size()];
        for (int l = 0; l < q.length; l++) {
            q[l] = trace.backlogImageSteps().get(l)[bs];
        }
        return q;
    }

    /** The left panel: cells, BSs, users and their choices in the slot. */
    static void paintMap(Graphics2D g, EpisodeTrace trace, int slot, int width, int height) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        Font base = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
        int top = 64;
        int bottom = 92;
        int margin = 24;
        g.setColor(Color.BLACK);
        g.setFont(base.deriveFont(Font.BOLD, 16f));
        text(g, "Episode map: " + SuiteReport.shownName(trace.policy()) + " on " + trace.scenario() + ", seed "
                + trace.seed() + ", episode " + trace.episode() + ", slot " + slot, margin, 26);
        g.setFont(base.deriveFont(12f));
        text(g, "Cell shade and Q: the server's backlog at the start of the slot (image-steps); "
                + "number by a user: its denoising steps", margin, 46);

        boolean hex = trace.layout().kind() == LayoutKind.HEX;
        double isd = trace.layout().interSiteDistanceMeters();
        double radius = hex ? isd / Math.sqrt(3) : isd / 2;
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (Point site : trace.sites()) {
            minX = Math.min(minX, site.xMeters() - radius);
            maxX = Math.max(maxX, site.xMeters() + radius);
            minY = Math.min(minY, site.yMeters() - radius);
            maxY = Math.max(maxY, site.yMeters() + radius);
        }
        double scale = Math.min((width - 2.0 * margin) / (maxX - minX), (height - top - bottom) / (maxY - minY));
        double offsetX = margin + ((width - 2.0 * margin) - (maxX - minX) * scale) / 2 - minX * scale;
        double offsetY = top + ((height - top - bottom) - (maxY - minY) * scale) / 2 + maxY * scale;
        Projection at = new Projection(scale, offsetX, offsetY);
        double radiusPixels = radius * scale;

        double[] backlog = trace.backlogImageSteps().get(slot);
        double most = 0;
        for (double[] q : trace.backlogImageSteps()) {
            for (double v : q) {
                most = Math.max(most, v);
            }
        }
        for (int b = 0; b < trace.sites().size(); b++) {
            Path2D cell = cell(trace.sites().get(b), radius, hex, at);
            double share = most > 0 ? backlog[b] / most : 0;
            g.setColor(blend(Color.WHITE, new Color(0xE69F00), 0.75 * share));
            g.fill(cell);
            g.setColor(new Color(0x888888));
            g.setStroke(new BasicStroke(1.2f));
            g.draw(cell);
        }

        List<Choice> choices = choices(trace, slot);
        Decision[] decisions = trace.decisions().get(slot);
        double dot = Math.max(3.0, Math.min(7.0, radiusPixels / 9));
        boolean stepLabels = radiusPixels >= 2 * LABEL_RADIUS_PIXELS && trace.users().size() <= 200;
        // arrows first, so the users' dots and the BSs stay on top
        for (UserSite user : trace.users()) {
            if (choices.get(user.userId()) == Choice.NEIGHBOUR) {
                arrow(g, at.x(user.position()), at.y(user.position()),
                        at.x(trace.sites().get(decisions[user.userId()].targetBs())),
                        at.y(trace.sites().get(decisions[user.userId()].targetBs())), Choice.NEIGHBOUR.colour,
                        Math.max(6.0, dot * 1.8));
            }
        }
        for (int b = 0; b < trace.sites().size(); b++) {
            Point site = trace.sites().get(b);
            double s = Math.max(3.0, Math.min(7.0, radiusPixels / 10));
            Path2D tower = new Path2D.Double();
            tower.moveTo(at.x(site), at.y(site) - s * 1.3);
            tower.lineTo(at.x(site) + s, at.y(site) + s * 0.8);
            tower.lineTo(at.x(site) - s, at.y(site) + s * 0.8);
            tower.closePath();
            g.setColor(Color.BLACK);
            g.fill(tower);
        }
        g.setFont(base.deriveFont(11f));
        for (UserSite user : trace.users()) {
            Choice choice = choices.get(user.userId());
            double x = at.x(user.position());
            double y = at.y(user.position());
            Ellipse2D disc = new Ellipse2D.Double(x - dot, y - dot, 2 * dot, 2 * dot);
            if (choice == Choice.IDLE) {
                g.setColor(Color.WHITE);
                g.fill(disc);
                g.setColor(choice.colour);
                g.setStroke(new BasicStroke(1.2f));
                g.draw(disc);
            } else {
                g.setColor(choice.colour);
                g.fill(disc);
                g.setColor(Color.WHITE);
                g.setStroke(new BasicStroke(0.8f));
                g.draw(disc);
                if (stepLabels) {
                    g.setColor(Color.BLACK);
                    text(g, Integer.toString(decisions[user.userId()].steps()), (float) (x + dot + 2),
                            (float) (y - dot));
                }
            }
        }
        if (radiusPixels >= LABEL_RADIUS_PIXELS) {
            float size = (float) Math.max(10, Math.min(14, radiusPixels / 7));
            g.setFont(base.deriveFont(Font.BOLD, size));
            for (int b = 0; b < trace.sites().size(); b++) {
                Point site = trace.sites().get(b);
                String[] lines = {"BS " + b + " " + trace.gpus().get(b),
                        "Q = " + String.format(Locale.ROOT, "%,.0f", backlog[b])};
                double y = at.y(site) + radiusPixels * 0.42;
                for (String line : lines) {
                    labelled(g, line, at.x(site), y);
                    y += size + 3;
                }
            }
        }
        legend(g, choices, base, margin, height - bottom + 26);
    }

    /** Where a point of the plane lands in the panel (y up in the plane, down on the canvas). */
    private record Projection(double scale, double offsetX, double offsetY) {
        double x(Point p) {
            return offsetX + p.xMeters() * scale;
        }

        double y(Point p) {
            return offsetY - p.yMeters() * scale;
        }
    }

    private static Path2D cell(Point site, double radius, boolean hex, Projection at) {
        Path2D cell = new Path2D.Double();
        int corners = hex ? 6 : 4;
        for (int k = 0; k < corners; k++) {
            // a hexagon with flat sides towards its six neighbours (corners at 30°, 90°, ...), or a square
            double angle = hex ? Math.PI / 6 + k * Math.PI / 3 : Math.PI / 4 + k * Math.PI / 2;
            double r = hex ? radius : radius * Math.sqrt(2);
            Point corner = new Point(site.xMeters() + r * Math.cos(angle), site.yMeters() + r * Math.sin(angle));
            if (k == 0) {
                cell.moveTo(at.x(corner), at.y(corner));
            } else {
                cell.lineTo(at.x(corner), at.y(corner));
            }
        }
        cell.closePath();
        return cell;
    }

    private static void arrow(Graphics2D g, double x0, double y0, double x1, double y1, Color colour, double head) {
        double length = Math.hypot(x1 - x0, y1 - y0);
        if (length < 1e-6) {
            return;
        }
        double ux = (x1 - x0) / length;
        double uy = (y1 - y0) / length;
        // stop short of the BS's mark, so the head shows
        double endX = x1 - ux * head * 0.8;
        double endY = y1 - uy * head * 0.8;
        g.setColor(colour);
        g.setStroke(new BasicStroke(1.4f));
        g.draw(new Line2D.Double(x0, y0, endX, endY));
        Path2D tip = new Path2D.Double();
        tip.moveTo(endX, endY);
        tip.lineTo(endX - ux * head - uy * head * 0.45, endY - uy * head + ux * head * 0.45);
        tip.lineTo(endX - ux * head + uy * head * 0.45, endY - uy * head - ux * head * 0.45);
        tip.closePath();
        g.fill(tip);
    }

    private static void legend(Graphics2D g, List<Choice> choices, Font base, int x, int y) {
        g.setFont(base.deriveFont(13f));
        FontMetrics metrics = g.getFontMetrics();
        float at = x;
        for (Choice choice : Choice.values()) {
            long count = choices.stream().filter(c -> c == choice).count();
            if (count == 0 && choice == Choice.INVALID) {
                continue;
            }
            Ellipse2D disc = new Ellipse2D.Double(at, y - 10, 10, 10);
            g.setColor(choice == Choice.IDLE ? Color.WHITE : choice.colour);
            g.fill(disc);
            g.setColor(choice.colour);
            g.setStroke(new BasicStroke(1.2f));
            g.draw(disc);
            String label = choice.label + " (" + count + ")";
            g.setColor(Color.BLACK);
            text(g, label, at + 15, y);
            at += 15 + metrics.stringWidth(label) + 22;
        }
        g.setColor(Choice.NEIGHBOUR.colour);
        arrow(g, x, y + 22, x + 38, y + 22, Choice.NEIGHBOUR.colour, 8);
        g.setColor(Color.BLACK);
        text(g, "to the serving neighbour BS;", x + 46, y + 26);
        Path2D tower = new Path2D.Double();
        float tx = x + 56 + metrics.stringWidth("to the serving neighbour BS;");
        tower.moveTo(tx + 5, y + 14);
        tower.lineTo(tx + 10, y + 26);
        tower.lineTo(tx, y + 26);
        tower.closePath();
        g.fill(tower);
        text(g, "base station", tx + 16, y + 26);
    }

    /** Text centred at x on a white box, so that it reads over users and arrows. */
    private static void labelled(Graphics2D g, String line, double x, double baseline) {
        FontMetrics metrics = g.getFontMetrics();
        double w = metrics.stringWidth(line);
        Rectangle2D box = new Rectangle2D.Double(x - w / 2 - 3, baseline - metrics.getAscent(), w + 6,
                metrics.getAscent() + metrics.getDescent());
        g.setColor(new Color(255, 255, 255, 210));
        g.fill(box);
        g.setColor(Color.BLACK);
        text(g, line, (float) (x - w / 2), (float) baseline);
    }

    private static void text(Graphics2D g, String text, float x, float y) {
        g.drawString(text, x, y);
    }

    private static Color blend(Color a, Color b, double t) {
        double s = Math.max(0, Math.min(1, t));
        return new Color((int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * s),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * s),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * s));
    }
}
