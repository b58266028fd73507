package org.edgegen.experiment;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.edgegen.config.LoadedScenario;
import org.edgegen.config.Suite.Level;
import org.edgegen.config.Suite.Sweep;

/**
 * One point of a sweep: a level of its x axis and, if the sweep has a series axis, one level of that, with the
 * scenario they make.
 *
 * @param id        the point's directory name under {@code points/<sweep>/}, stable and ordered
 * @param overrides every override of the point in the order applied (suite, sweep, level, series level)
 * @param training  the scenario OSI is trained on here with {@code osi.train = per-point}: the point's with the
 *                  suite's {@code osi.set} on top ({@code loaded} itself when it has none)
 */
public record Point(Sweep sweep, int levelIndex, Level level, Optional<Level> series, String id,
        Map<String, String> overrides, LoadedScenario loaded, LoadedScenario training) {

    /** Where the point's files go under the suite's output directory. */
    public Path dir(Path out) {
        return out.resolve(Experiment.POINTS).resolve(sweep.name()).resolve(id);
    }

    /** e.g. {@code users = 30} or {@code cells = 7, cooperation off}. */
    public String label() {
        return label(sweep, level, series);
    }

    static String label(Sweep sweep, Level level, Optional<Level> series) {
        return sweep.name() + " = " + level.label() + series.map(s -> ", " + s.label()).orElse("");
    }
}
