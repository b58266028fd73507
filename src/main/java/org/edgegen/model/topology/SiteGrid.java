package org.edgegen.model.topology;

import java.util.List;

/**
 * The base stations bucketed in squares of a fixed side, so that a search for the sites near a point looks at the
 * squares around it instead of every site. Within a square the sites are in increasing BS id.
 */
public final class SiteGrid {

    private final double minX;
    private final double minY;
    private final double sideMeters;
    private final int columns;
    private final int rows;
    private final int[] start;
    private final int[] sites;

    SiteGrid(List<Point> points, double sideMeters) {
        this.sideMeters = sideMeters;
        double loX = Double.POSITIVE_INFINITY;
        double loY = Double.POSITIVE_INFINITY;
        double hiX = Double.NEGATIVE_INFINITY;
        double hiY = Double.NEGATIVE_INFINITY;
        for (Point p : points) {
            loX = Math.min(loX, p.xMeters());
            loY = Math.min(loY, p.yMeters());
            hiX = Math.max(hiX, p.xMeters());
            hiY = Math.max(hiY, p.yMeters());
        }
        this.minX = loX;
        this.minY = loY;
        this.columns = (int) Math.floor((hiX - loX) / sideMeters) + 1;
        this.rows = (int) Math.floor((hiY - loY) / sideMeters) + 1;
        int[] counts = new int[columns * rows + 1];
        int[] bucketOf = new int[points.size()];
        for (int b = 0; b < points.size(); b++) {
            bucketOf[b] = bucket(column(points.get(b).xMeters()), row(points.get(b).yMeters()));
            counts[bucketOf[b] + 1]++;
        }
        for (int i = 1; i < counts.length; i++) {
            counts[i] += counts[i - 1];
        }
        this.start = counts.clone();
        this.sites = new int[points.size()];
        int[] fill = counts;
        for (int b = 0; b < points.size(); b++) {
            sites[fill[bucketOf[b]]++] = b;
        }
    }

    /** The column of the square that holds x; outside 0..columns-1 for a point beyond the outermost sites. */
    public int column(double xMeters) {
        return clampedFloor((xMeters - minX) / sideMeters);
    }

    /** The row of the square that holds y; outside 0..rows-1 for a point beyond the outermost sites. */
    public int row(double yMeters) {
        return clampedFloor((yMeters - minY) / sideMeters);
    }

    private static int clampedFloor(double value) {
        return (int) Math.max(-1e9, Math.min(1e9, Math.floor(value)));
    }

    private int bucket(int column, int row) {
        return row * columns + column;
    }

    public int columns() {
        return columns;
    }

    public int rows() {
        return rows;
    }

    public double sideMeters() {
        return sideMeters;
    }

    /** The index in {@link #siteAt} of the first site in square (column, row), which must be in the grid. */
    public int from(int column, int row) {
        return start[bucket(column, row)];
    }

    /** One past the index of the last site in square (column, row). */
    public int to(int column, int row) {
        return start[bucket(column, row) + 1];
    }

    /** The BS id at {@code index} of the bucketed order. */
    public int siteAt(int index) {
        return sites[index];
    }
}
