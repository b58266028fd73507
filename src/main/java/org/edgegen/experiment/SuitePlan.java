package org.edgegen.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.edgegen.app.PolicyLineup;
import org.edgegen.config.ConfigurationException;
import org.edgegen.config.LoadedScenario;
import org.edgegen.config.ScenarioLoader;
import org.edgegen.config.Suite;
import org.edgegen.config.Suite.Level;
import org.edgegen.config.Suite.Sweep;
import org.edgegen.model.InputException;

/**
 * A suite expanded into its points, every point's scenario loaded and every policy name checked against it, so
 * that a mistake anywhere in the suite is reported before anything runs.
 *
 * @param trainingBase the scenario OSI is trained on with {@code osi.train = once}: the base scenario with the
 *                     suite's {@code osi.set} on top ({@code base} itself when it has none)
 */
public record SuitePlan(Suite suite, LoadedScenario base, LoadedScenario trainingBase, List<Point> points) {

    public SuitePlan {
        points = List.copyOf(points);
    }

    public static SuitePlan of(Suite suite) {
        LoadedScenario base = load(suite, suite.set(), "the base scenario");
        LoadedScenario trainingBase = training(suite, suite.set(), base, "the base scenario");
        List<Point> points = new ArrayList<>();
        for (Sweep sweep : suite.sweeps()) {
            List<Optional<Level>> series = sweep.series()
                    .map(s -> s.levels().stream().map(Optional::of).toList())
                    .orElse(List.of(Optional.empty()));
            for (int i = 0; i < sweep.levels().size(); i++) {
                Level level = sweep.levels().get(i);
                for (int j = 0; j < series.size(); j++) {
                    Optional<Level> seriesLevel = series.get(j);
                    Map<String, String> overrides = new LinkedHashMap<>(suite.set());
                    overrides.putAll(sweep.set());
                    overrides.putAll(level.set());
                    seriesLevel.ifPresent(s -> overrides.putAll(s.set()));
                    String id = String.format(Locale.ROOT, "%02d-%s", i, safe(level.label()));
                    if (seriesLevel.isPresent()) {
                        id += String.format(Locale.ROOT, "--%02d-%s", j, safe(seriesLevel.get().label()));
                    }
                    String label = Point.label(sweep, level, seriesLevel);
                    LoadedScenario loaded = load(suite, overrides, "sweep " + sweep.name() + " point '" + label
                            + "'");
                    checkPolicies(suite, loaded, label);
                    points.add(new Point(sweep, i, level, seriesLevel, id, overrides, loaded,
                            training(suite, overrides, loaded, "sweep " + sweep.name() + " point '" + label + "'")));
                }
            }
        }
        return new SuitePlan(suite, base, trainingBase, points);
    }

    /** The scenario OSI trains on where {@code overrides} make {@code played}: with osi.set on top, if any. */
    private static LoadedScenario training(Suite suite, Map<String, String> overrides, LoadedScenario played,
            String what) {
        if (suite.osi().set().isEmpty()) {
            return played;
        }
        Map<String, String> all = new LinkedHashMap<>(overrides);
        suite.osi().set().forEach((k, v) -> {
            all.remove(k);
            all.put(k, v);
        });
        return load(suite, all, what + " with osi.set");
    }

    private static LoadedScenario load(Suite suite, Map<String, String> overrides, String what) {
        try {
            return ScenarioLoader.load(suite.scenario(), overrides);
        } catch (ConfigurationException e) {
            throw new ConfigurationException("suite " + suite.file().getFileName() + ", " + what + ": "
                    + e.getMessage().replace("(in --set)", "(in the suite's overrides)")
                            .replace(" in --set", " in the suite's overrides"), e);
        }
    }

    private static void checkPolicies(Suite suite, LoadedScenario loaded, String where) {
        try {
            PolicyLineup.requireKnown(loaded, suite.policies());
        } catch (InputException e) {
            throw new InputException("suite " + suite.file().getFileName() + ", suite.policies at " + where + ": "
                    + e.getMessage());
        }
    }

    /** A label made safe for a file name: lower case letters, digits, '.', '-'; anything else becomes '-'. */
    static String safe(String label) {
        String safe = label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-").replaceAll("(^-+|-+$)", "");
        return safe.isEmpty() ? "x" : safe.length() > 40 ? safe.substring(0, 40) : safe;
    }
}
