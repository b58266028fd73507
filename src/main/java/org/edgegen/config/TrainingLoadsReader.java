package org.edgegen.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.List;
import java.util.Optional;
import org.edgegen.model.Range;
import org.edgegen.model.TrainingLoads;

/**
 * Reads {@code edgegen.training}: the load ranges a training run draws per episode, each {@code off} or
 * {@code [min, max]}. Only training reads them; evaluation always plays the scenario's own load.
 */
final class TrainingLoadsReader {

    static final String SECTION = KnownKeys.ROOT + ".training";
    static final String USERS = "users-count-range";
    static final String ARRIVAL = "arrival-probability-range";
    private static final String OFF = "off";

    private TrainingLoadsReader() {}

    static TrainingLoads read(Config resolved) {
        ConfigReader in = new ConfigReader(resolved, SECTION);
        Optional<Range> users = range(in, USERS, Bound.closed(1, Integer.MAX_VALUE), true);
        Optional<Range> arrival = range(in, ARRIVAL, Bound.closed(0, 1), false);
        return new TrainingLoads(users, arrival);
    }

    /**
     * The configuration as written into config.conf: without {@code edgegen.training} when it draws nothing, so
     * that the runs of every scenario without ranges keep their files (it loads back to the same defaults).
     */
    static Config withoutUnusedSection(Config resolved, TrainingLoads loads) {
        return loads.draws() ? resolved : resolved.withoutPath(SECTION);
    }

    private static Optional<Range> range(ConfigReader in, String path, Bound bound, boolean integers) {
        ConfigValue value = in.value(path);
        if (value.valueType() == ConfigValueType.STRING && OFF.equals(value.unwrapped())) {
            return Optional.empty();
        }
        String allowed = "off or [min, max] with " + (integers ? "integers " : "numbers ") + bound.describe()
                .replace("value", "min <= max");
        if (value.valueType() != ConfigValueType.LIST || in.list(path).size() != 2) {
            throw ConfigReader.wrongType(in.key(path), allowed, value);
        }
        double min;
        double max;
        if (integers) {
            List<Integer> ends = in.integers(path, bound);
            min = ends.get(0);
            max = ends.get(1);
        } else {
            List<Double> ends = in.numbers(path, bound);
            min = ends.get(0);
            max = ends.get(1);
        }
        if (min > max) {
            throw in.outOfRange(path, "min <= max (" + allowed + ")");
        }
        return Optional.of(new Range(min, max));
    }
}
