package org.edgegen.experiment;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One legend for a figure of stacked panels, drawn once below them instead of once beside each panel: the entries
 * in the figure's fixed policy order, in as many columns as fit the width (filled column by column), each a line
 * sample with the policy's dash, width and marker, in {@link FigureStyle}'s legend font; each column is as wide as
 * its widest entry. The panels then use the full width.
 */
final class SharedLegend {

    /** One entry: the name shown (with any tie note) and the line's look. */
    record Entry(String name, FigureStyle.Look look) {}

    static final int PADDING = 14;
    static final int SAMPLE = 48;
    static final int GAP = 8;
    static final int COLUMN_GAP = 24;
    static final int ROW_HEIGHT = 22;

    private final List<Entry> entries;
    private final int width;
    private final int rows;
    /** Each column's width (its widest entry's sample and name), without the gap after it. */
    private final int[] columnWidths;

    private SharedLegend(List<Entry> entries, int width, int rows, int[] columnWidths) {
        this.entries = List.copyOf(entries);
        this.width = width;
        this.rows = rows;
        this.columnWidths = columnWidths.clone();
    }

    /**
     * A legend of {@code entries} laid out for a figure {@code width} pixels wide: the fewest rows whose columns,
     * each as wide as its widest entry, fit in the width.
     */
    static SharedLegend of(List<Entry> entries, int width) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        int[] widths = new int[entries.size()];
        try {
            FontMetrics metrics = g.getFontMetrics(FigureStyle.legendFont());
            for (int i = 0; i < entries.size(); i++) {
                widths[i] = SAMPLE + GAP + metrics.stringWidth(entries.get(i).name());
            }
        } finally {
            g.dispose();
        }
        for (int rows = 1; rows < entries.size(); rows++) {
            int[] columns = columnWidths(widths, rows);
            if (IntStream.of(columns).sum() + COLUMN_GAP * (columns.length - 1) <= width - 2 * PADDING) {
                return new SharedLegend(entries, width, rows, columns);
            }
        }
        return new SharedLegend(entries, width, Math.max(1, entries.size()), columnWidths(widths,
                Math.max(1, entries.size())));
    }

    private static int[] columnWidths(int[] widths, int rows) {
        int[] columns = new int[(widths.length + rows - 1) / rows];
        for (int i = 0; i < widths.length; i++) {
            columns[i / rows] = Math.max(columns[i / rows], widths[i]);
        }
        return columns;
    }

    List<Entry> entries() {
        return entries;
    }

    int columns() {
        return columnWidths.length;
    }

    int rows() {
        return rows;
    }

    /** The height of the band the legend takes below the panels. */
    int height() {
        return 2 * PADDING + rows() * ROW_HEIGHT;
    }

    /** Paints the legend in a band of {@link #height()} whose top is at {@code top}, centred across the width. */
    void paint(Graphics2D g, int top) {
        Graphics2D band = (Graphics2D) g.create();
        try {
            band.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            band.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            band.setColor(Color.WHITE);
            band.fillRect(0, top, width, height());
            band.setFont(FigureStyle.legendFont());
            FontMetrics metrics = band.getFontMetrics();
            int total = IntStream.of(columnWidths).sum() + COLUMN_GAP * (columnWidths.length - 1);
            int left = Math.max(PADDING, (width - total) / 2);
            for (int i = 0; i < entries.size(); i++) {
                Entry entry = entries.get(i);
                int x = left + IntStream.of(columnWidths).limit(i / rows).map(c -> c + COLUMN_GAP).sum();
                double middle = top + PADDING + (i % rows) * ROW_HEIGHT + ROW_HEIGHT / 2.0;
                band.setColor(entry.look().colour());
                band.setStroke(entry.look().stroke());
                band.draw(new Line2D.Double(x, middle, x + SAMPLE, middle));
                entry.look().marker().paint(band, x + SAMPLE / 2.0, middle, FigureStyle.MARKER_SIZE);
                band.setColor(Color.BLACK);
                band.drawString(entry.name(), x + SAMPLE + GAP,
                        (float) (middle + (metrics.getAscent() - metrics.getDescent()) / 2.0));
            }
        } finally {
            band.dispose();
        }
    }
}
