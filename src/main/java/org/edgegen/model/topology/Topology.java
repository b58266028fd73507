package org.edgegen.model.topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.edgegen.model.Scenario.LayoutKind;
import org.edgegen.model.Scenario.LayoutParams;

/**
 * Where the base stations stand, the shape of their cells and who neighbours whom. BS 0 is the centre (hex) or
 * the top-left cell (grid). Neighbours of b are the BSs within neighbourRadiusFactor × ISD, listed in a fixed
 * angular order (counter-clockwise from east, as seen from b), which is also their order in observations.
 */
public final class Topology {

    private final LayoutParams layout;
    private final List<Point> sites;
    private final List<List<Integer>> neighbours;
    private final SiteGrid grid;
    private final List<List<Integer>> candidates;
    /** {@link #neighbours} as arrays, for lookups on the per-slot path without unboxing. */
    private final int[][] neighbourIds;
    /** reverseNeighbourIndex[b][i]: where b is among the neighbours of its i-th neighbour, or -1. */
    private final int[][] reverseNeighbourIndex;

    private Topology(LayoutParams layout, List<Point> sites) {
        this.layout = layout;
        this.sites = List.copyOf(sites);
        double radius = layout.neighbourRadiusFactor() * layout.interSiteDistanceMeters();
        // Sites bucketed in squares of side radius, so a BS looks only at the 3x3 squares around its own: the
        // layout is built in time linear in the cells, not quadratic (a metro layout has thousands of them).
        Map<Long, List<Integer>> buckets = new HashMap<>();
        for (int b = 0; b < sites.size(); b++) {
            buckets.computeIfAbsent(bucketKey(bucket(sites.get(b).xMeters(), radius),
                    bucket(sites.get(b).yMeters(), radius)), k -> new ArrayList<>()).add(b);
        }
        List<List<Integer>> lists = new ArrayList<>();
        for (int b = 0; b < sites.size(); b++) {
            Point here = sites.get(b);
            long column = bucket(here.xMeters(), radius);
            long row = bucket(here.yMeters(), radius);
            List<Integer> near = new ArrayList<>();
            for (long dx = -1; dx <= 1; dx++) {
                for (long dy = -1; dy <= 1; dy++) {
                    for (int other : buckets.getOrDefault(bucketKey(column + dx, row + dy), List.of())) {
                        if (other != b && here.distanceMeters(sites.get(other)) <= radius) {
                            near.add(other);
                        }
                    }
                }
            }
            near.sort(Comparator.comparingDouble((Integer o) -> round(here.bearingTo(sites.get(o))))
                    .thenComparingInt(o -> o));
            lists.add(List.copyOf(near));
        }
        this.neighbours = List.copyOf(lists);
        this.neighbourIds = new int[lists.size()][];
        for (int b = 0; b < lists.size(); b++) {
            neighbourIds[b] = lists.get(b).stream().mapToInt(Integer::intValue).toArray();
        }
        this.reverseNeighbourIndex = new int[neighbourIds.length][];
        for (int b = 0; b < neighbourIds.length; b++) {
            reverseNeighbourIndex[b] = new int[neighbourIds[b].length];
            for (int i = 0; i < neighbourIds[b].length; i++) {
                reverseNeighbourIndex[b][i] = neighbourIndex(neighbourIds[b][i], b);
            }
        }
        this.grid = new SiteGrid(this.sites, layout.interSiteDistanceMeters());
        List<List<Integer>> servers = new ArrayList<>(this.sites.size());
        for (int b = 0; b < this.sites.size(); b++) {
            List<Integer> list = new ArrayList<>();
            list.add(b);
            if (layout.cooperation()) {
                list.addAll(neighbours.get(b));
            }
            servers.add(List.copyOf(list));
        }
        this.candidates = List.copyOf(servers);
    }

    private static long bucket(double coordinateMeters, double sideMeters) {
        return (long) Math.floor(coordinateMeters / sideMeters);
    }

    private static long bucketKey(long column, long row) {
        return column * 4_000_003L + row;
    }

    /** Builds the layout the parameters describe. */
    public static Topology of(LayoutParams layout) {
        return new Topology(layout, switch (layout.kind()) {
            case HEX -> hexSites(layout.hexRings(), layout.interSiteDistanceMeters());
            case GRID -> gridSites(layout.gridRows(), layout.gridColumns(), layout.interSiteDistanceMeters());
        });
    }

    /** Hexagonal layout: centre, then ring 1, ring 2, ...; each ring counter-clockwise from east. */
    static List<Point> hexSites(int rings, double isd) {
        List<Point> points = new ArrayList<>();
        points.add(new Point(0, 0));
        // axial directions of a pointy-top hex grid whose nearest neighbours are isd apart
        int[][] directions = {{1, 0}, {0, 1}, {-1, 1}, {-1, 0}, {0, -1}, {1, -1}};
        for (int ring = 1; ring <= rings; ring++) {
            int q = ring * directions[4][0];
            int r = ring * directions[4][1];
            List<Point> ringPoints = new ArrayList<>();
            for (int side = 0; side < 6; side++) {
                for (int step = 0; step < ring; step++) {
                    ringPoints.add(axialToPoint(q, r, isd));
                    q += directions[side][0];
                    r += directions[side][1];
                }
            }
            Point centre = points.get(0);
            ringPoints.sort(Comparator.comparingDouble((Point p) -> round(centre.bearingTo(p))));
            points.addAll(ringPoints);
        }
        return points;
    }

    private static Point axialToPoint(int q, int r, double isd) {
        return new Point(isd * (q + r / 2.0), isd * (Math.sqrt(3) / 2.0) * r);
    }

    /** Rectangular grid, row by row, columns along x, rows along -y. */
    static List<Point> gridSites(int rows, int columns, double isd) {
        List<Point> points = new ArrayList<>();
        for (int row = 0; row < rows; row++) {
            for (int column = 0; column < columns; column++) {
                points.add(new Point(column * isd, -row * isd));
            }
        }
        return points;
    }

    private static double round(double angle) {
        return Math.round(angle * 1e9) / 1e9;
    }

    public int cellCount() {
        return sites.size();
    }

    public Point site(int bs) {
        return sites.get(bs);
    }

    public List<Point> sites() {
        return sites;
    }

    /** Neighbours of {@code bs} in angular order. */
    public List<Integer> neighbours(int bs) {
        return neighbours.get(bs);
    }

    /** The position of {@code otherBs} in {@link #neighbours}{@code (bs)}, or -1 if it is not a neighbour. */
    public int neighbourIndex(int bs, int otherBs) {
        int[] ids = neighbourIds[bs];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == otherBs) {
                return i;
            }
        }
        return -1;
    }

    /** How many neighbours {@code bs} has. */
    public int neighbourCount(int bs) {
        return neighbourIds[bs].length;
    }

    /** The id of the {@code i}-th neighbour of {@code bs}, in the order of {@link #neighbours}. */
    public int neighbourId(int bs, int i) {
        return neighbourIds[bs][i];
    }

    /**
     * Where {@code bs} is among the neighbours of its {@code i}-th neighbour ({@link #neighbourIndex} of that
     * neighbour and {@code bs}, kept from the build), or -1.
     */
    public int reverseNeighbourIndex(int bs, int i) {
        return reverseNeighbourIndex[bs][i];
    }

    /**
     * S_n of a user whose home is {@code homeBs}: the home, then its neighbours in angular order (the home alone
     * when cooperation is off). One list per BS, shared by its users.
     */
    public List<Integer> candidates(int homeBs) {
        return candidates.get(homeBs);
    }

    /** The sites bucketed in squares of side ISD, for searches near a point. */
    public SiteGrid grid() {
        return grid;
    }

    public int maxNeighbourCount() {
        return neighbours.stream().mapToInt(List::size).max().orElse(0);
    }

    public LayoutParams layout() {
        return layout;
    }

    /**
     * A point drawn uniformly in the cell of {@code bs} (a hexagon of inradius ISD/2, or a square of side ISD),
     * at least {@code minDistanceMeters} from its BS.
     */
    public Point dropInCell(int bs, SplittableRandom random) {
        double isd = layout.interSiteDistanceMeters();
        Point centre = sites.get(bs);
        while (true) {
            double dx;
            double dy;
            if (layout.kind() == LayoutKind.GRID) {
                dx = (random.nextDouble() - 0.5) * isd;
                dy = (random.nextDouble() - 0.5) * isd;
            } else {
                // circumradius R = isd/√3 for a hexagon whose flat sides face the neighbours
                double circumradius = isd / Math.sqrt(3);
                dx = (2 * random.nextDouble() - 1) * circumradius;
                dy = (2 * random.nextDouble() - 1) * circumradius;
                if (!insidePointyHexagon(dx, dy, isd / 2.0)) {
                    continue;
                }
            }
            if (Math.hypot(dx, dy) >= layout.minUserDistanceMeters()) {
                return new Point(centre.xMeters() + dx, centre.yMeters() + dy);
            }
        }
    }

    /** Inside the hexagon whose flat sides face the six neighbour directions (0°, 60°, ..., 300°). */
    static boolean insidePointyHexagon(double dx, double dy, double inradius) {
        for (int k = 0; k < 6; k++) {
            double angle = k * Math.PI / 3;
            if (dx * Math.cos(angle) + dy * Math.sin(angle) > inradius) {
                return false;
            }
        }
        return true;
    }
}
