package org.edgegen.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.edgegen.model.Range;
import org.edgegen.model.TrainingLoads;
import org.edgegen.model.TrainingLoads.LoadDraw;

/**
 * Reads {@code edgegen.training}: the load ranges a training run draws per episode, each {@code off} or
 * {@code [min, max]}. Only training reads them; evaluation always plays the scenario's own load.
 */
final class TrainingLoadsReader {

    static final String SECTION = KnownKeys.ROOT + ".training";
    static final String USERS = "users-count-range";
    static final String ARRIVAL = "arrival-probability-range";
    static final String DRAW = "load-draw";
    static final String MAX_LOAD = "max-load";
    private static final String OFF = "off";

    private TrainingLoadsReader() {}

    static TrainingLoads read(Config resolved) {
        ConfigReader in = new ConfigReader(resolved, SECTION);
        Optional<Range> users = range(in, USERS, Bound.closed(1, Integer.MAX_VALUE), true);
        Optional<Range> arrival = range(in, ARRIVAL, Bound.closed(0, 1), false);
        List<String> words = Arrays.stream(LoadDraw.values()).map(LoadDraw::word).toList();
        String word = in.choice(DRAW, words);
        LoadDraw draw = LoadDraw.values()[words.indexOf(word)];
        if (draw != LoadDraw.INDEPENDENT && (users.isEmpty() || arrival.isEmpty())) {
            throw in.invalid(DRAW, "needs both " + SECTION + "." + USERS + " and " + SECTION + "."
                    + ARRIVAL + " (it draws N and p_a together)");
        }
        if (draw == LoadDraw.LOG_UNIFORM_LOAD && arrival.orElseThrow().min() <= 0) {
            throw in.invalid(DRAW, "needs " + SECTION + "." + ARRIVAL + " with min > 0");
        }
        java.util.OptionalDouble maxLoad = in.numberOr(MAX_LOAD, OFF, Bound.positive());
        if (maxLoad.isPresent()) {
            if (users.isEmpty() || arrival.isEmpty()) {
                throw in.invalid(MAX_LOAD, "needs both " + SECTION + "." + USERS + " and " + SECTION + "."
                        + ARRIVAL + " (it caps N x p_a)");
            }
            double lightest = users.orElseThrow().min() * arrival.orElseThrow().min();
            if (!(maxLoad.getAsDouble() > lightest)) {
                throw in.outOfRange(MAX_LOAD, "off or a number above the lightest load of the ranges, N_min x p_min = "
                        + lightest);
            }
        }
        return new TrainingLoads(users, arrival, draw, maxLoad);
    }

    /**
     * The configuration as written into config.conf: without {@code edgegen.training} when it draws nothing, so
     * that the runs of every scenario without ranges keep their files (it loads back to the same defaults).
     */
    static Config withoutUnusedSection(Config resolved, TrainingLoads loads) {
        if (!loads.draws()) {
            return resolved.withoutPath(SECTION);
        }
        // the default draw and no cap are left out too, so that the runs with ranges keep their files as before the keys
        Config written = loads.draw() == LoadDraw.INDEPENDENT ? resolved.withoutPath(SECTION + "." + DRAW) : resolved;
        return loads.maxLoad().isEmpty() ? written.withoutPath(SECTION + "." + MAX_LOAD) : written;
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
