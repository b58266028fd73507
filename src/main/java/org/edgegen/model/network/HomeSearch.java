package org.edgegen.model.network;

import java.util.List;
import org.edgegen.model.SystemModel;
import org.edgegen.model.channel.Radio;
import org.edgegen.model.random.RandomStreams;
import org.edgegen.model.topology.Point;
import org.edgegen.model.topology.SiteGrid;
import org.edgegen.model.topology.Topology;

/**
 * Finds h(n), the BS with the highest large-scale gain 10^(-(PL + X)/10) (the lowest id among equal gains), and
 * that gain, for one user at a time.
 *
 * <p>The shadowing X_{n,b} is the b-th draw of the user's shadowing stream. Up to {@link #FULL_SCAN_CELLS} cells
 * every BS is evaluated. Beyond, only the BSs that could win are: a draw is |X| <= σ·8.572 at most
 * ({@link RandomStreams#GAUSSIAN_MAX_MAGNITUDE}), and a draw's first double bounds its |X| before the draw is
 * made, so a BS is skipped when even its largest possible shadowing leaves its loss above the best one found (by
 * a margin of 1e-6 dB, far above rounding). The result is the same BS and the same gain, bit for bit, as
 * evaluating every BS in id order; the time is about the BSs within the reach of an 8.6σ shadowing, not all B.
 */
final class HomeSearch {

    /** Up to this many cells every BS is evaluated. */
    static final int FULL_SCAN_CELLS = 64;

    private static final double MARGIN_DB = 1e-6;
    private static final double SLACK_METERS = 1e-3;
    private static final double SLACK_PROBABILITY = 1e-9;

    private final Topology topology;
    private final Radio radio;
    private final double minDistanceMeters;
    private final boolean fullScan;

    private Point position;
    private long shadowSeed;
    private int bestBs;
    private double bestGain;
    private double bestLossDb;

    HomeSearch(SystemModel model, boolean fullScan) {
        this.topology = model.topology();
        this.radio = model.radio();
        this.minDistanceMeters = model.scenario().layout().minUserDistanceMeters();
        this.fullScan = fullScan || topology.cellCount() <= FULL_SCAN_CELLS;
    }

    /** Large-scale gain of BS {@code bs} to a user at {@code at} whose shadowing stream has seed {@code seed}. */
    static double largeScaleGain(Radio radio, Topology topology, double minDistanceMeters, Point at, long seed,
            int bs) {
        double distance = Math.max(at.distanceMeters(topology.site(bs)), minDistanceMeters);
        return Radio.largeScaleGain(radio.pathLossDb(distance), radio.shadowingDb(seed, bs));
    }

    /** The home BS of a user at {@code at} dropped in {@code dropCell}; {@link #gain()} is then its gain. */
    int find(Point at, int dropCell, long seed) {
        this.position = at;
        this.shadowSeed = seed;
        bestBs = -1;
        bestGain = Double.NEGATIVE_INFINITY;
        bestLossDb = Double.POSITIVE_INFINITY;
        if (fullScan) {
            for (int b = 0; b < topology.cellCount(); b++) {
                consider(b);
            }
            return bestBs;
        }
        consider(dropCell);
        for (int b : topology.neighbours(dropCell)) {
            consider(b);
        }
        scanRings();
        return bestBs;
    }

    /** The large-scale gain to the BS {@link #find} returned. */
    double gain() {
        return bestGain;
    }

    private void consider(int bs) {
        double distance = Math.max(position.distanceMeters(topology.site(bs)), minDistanceMeters);
        double pathLoss = radio.pathLossDb(distance);
        double shadowing = radio.shadowingDb(shadowSeed, bs);
        double gain = Radio.largeScaleGain(pathLoss, shadowing);
        if (gain > bestGain || (gain == bestGain && bs < bestBs)) {
            bestBs = bs;
            bestGain = gain;
            bestLossDb = pathLoss + shadowing;
        }
    }

    /** Squares at Chebyshev distance k = 0, 1, ... from the user's own, nearest first, while any BS could win. */
    private void scanRings() {
        SiteGrid grid = topology.grid();
        double side = grid.sideMeters();
        double sigma = radio.shadowingStdDb();
        int c0 = grid.column(position.xMeters());
        int r0 = grid.row(position.yMeters());
        int last = Math.max(Math.max(c0, grid.columns() - 1 - c0), Math.max(r0, grid.rows() - 1 - r0));
        for (int k = 0; k <= last; k++) {
            // every site in ring k is at least (k - 1)·side away
            double nearest = Math.max(minDistanceMeters, Math.max(0.0, (k - 1) * side - SLACK_METERS));
            double excessDb = radio.pathLossDb(nearest) - bestLossDb - MARGIN_DB;
            double minFirstDouble;
            if (excessDb <= 0) {
                minFirstDouble = Double.NEGATIVE_INFINITY;
            } else {
                double needed = excessDb / sigma;
                if (!(needed <= RandomStreams.GAUSSIAN_MAX_MAGNITUDE)) {
                    return; // no shadowing can bring this ring or any farther one up to the best
                }
                // |X| >= excess needs sqrt(-2 ln u1) >= needed, i.e. u1 <= exp(-needed²/2), u1 = 1 - first double
                minFirstDouble = 1.0 - Math.exp(-needed * needed / 2.0) - SLACK_PROBABILITY;
            }
            if (k == 0) {
                square(grid, c0, r0, minFirstDouble);
                continue;
            }
            for (int c = c0 - k; c <= c0 + k; c++) {
                square(grid, c, r0 - k, minFirstDouble);
                square(grid, c, r0 + k, minFirstDouble);
            }
            for (int r = r0 - k + 1; r <= r0 + k - 1; r++) {
                square(grid, c0 - k, r, minFirstDouble);
                square(grid, c0 + k, r, minFirstDouble);
            }
        }
    }

    private void square(SiteGrid grid, int column, int row, double minFirstDouble) {
        if (column < 0 || row < 0 || column >= grid.columns() || row >= grid.rows()) {
            return;
        }
        int to = grid.to(column, row);
        for (int i = grid.from(column, row); i < to; i++) {
            int bs = grid.siteAt(i);
            if (RandomStreams.gaussianFirstDoubleAt(shadowSeed, bs) >= minFirstDouble) {
                consider(bs);
            }
        }
    }
}
