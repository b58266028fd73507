package org.edgegen.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * An experiment suite as read from its HOCON file: a base scenario, the sweeps to run over it, the policies to
 * compare, the evaluation seeds and how OSI is trained. Plain data; {@link SuiteReader} validates it.
 *
 * @param file     the suite file, for messages
 * @param scenario the base scenario file (resolved against the suite file's directory)
 * @param set      overrides applied to every point, in order (full keys to HOCON values)
 * @param seeds    evaluation seeds; each gives one sample of every metric (its {@code episodes} episodes together)
 * @param metrics  the names of the metrics drawn as figures
 * @param rendered the suite's own configuration as HOCON, stored with the results
 */
public record Suite(
        String name,
        String title,
        Path file,
        Path scenario,
        Map<String, String> set,
        List<Long> seeds,
        int episodes,
        List<String> policies,
        OsiPlan osi,
        List<String> metrics,
        List<Sweep> sweeps,
        String rendered) {

    /**
     * What the {@code series} column of a sweep CSV holds where the sweep has no series axis: a defined value, not
     * an empty cell (which CSV readers such as pandas turn into a missing value); no series level may be called so.
     */
    public static final String NO_SERIES = "(none)";

    public Suite {
        set = ordered(set);
        seeds = List.copyOf(seeds);
        policies = List.copyOf(policies);
        metrics = List.copyOf(metrics);
        sweeps = List.copyOf(sweeps);
    }

    /** How the OSI policy of each point is obtained. */
    public enum Training {
        /** Trained anew at every sweep point, on that point's scenario. */
        PER_POINT("per-point"),
        /** Trained once on the base scenario (with the suite's overrides) and played at every point. */
        ONCE("once"),
        /** Taken from an existing train run or checkpoint. */
        CHECKPOINT("checkpoint");

        private final String word;

        Training(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    /**
     * @param checkpoint the train run or checkpoint directory when {@code training} is {@link Training#CHECKPOINT}
     * @param episodes   training episodes (per point or once)
     * @param seed       training seed, never one of the evaluation seeds
     * @param set        scenario overrides for OSI's training only (e.g. the load ranges of
     *                   {@code edgegen.training}), applied after every other override; the points are played without
     *                   them
     */
    public record OsiPlan(Training training, Optional<Path> checkpoint, int episodes, long seed,
            Map<String, String> set) {

        public OsiPlan {
            set = ordered(set);
        }
    }

    /**
     * One sweep: a figure's x axis. Its points are the levels; an optional series axis (e.g. neighbour cooperation
     * on/off) multiplies them, giving one line per policy and series level.
     *
     * @param set overrides applied to every point of this sweep, before the level's own
     */
    public record Sweep(String name, String title, String unit, List<Level> levels, Optional<SeriesAxis> series,
            Map<String, String> set) {

        public Sweep {
            levels = List.copyOf(levels);
            set = ordered(set);
        }

        /** Whether every level has a numeric x, so the axis is numeric rather than categorical. */
        public boolean numeric() {
            return levels.stream().allMatch(l -> l.x().isPresent());
        }

        /** The axis label: the title and, if any, the unit in parentheses. */
        public String axisLabel() {
            return unit.isEmpty() ? title : title + " (" + unit + ")";
        }
    }

    /** A series axis of a sweep: a second key over a few values. */
    public record SeriesAxis(String title, List<Level> levels) {

        public SeriesAxis {
            levels = List.copyOf(levels);
        }
    }

    /**
     * One value of a sweep or series axis.
     *
     * @param label how the value is shown (and, made file-safe, the point's directory name)
     * @param x     its position on a numeric axis, if it has one
     * @param set   the overrides that make this value (full keys to HOCON values)
     */
    public record Level(String label, OptionalDouble x, Map<String, String> set) {

        public Level {
            set = ordered(set);
        }
    }

    /** An unmodifiable copy that keeps the order (Map.copyOf would not, and rendered points must be stable). */
    static Map<String, String> ordered(Map<String, String> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
