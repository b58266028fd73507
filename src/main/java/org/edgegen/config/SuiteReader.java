package org.edgegen.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;
import org.edgegen.config.Suite.Level;
import org.edgegen.config.Suite.OsiPlan;
import org.edgegen.config.Suite.SeriesAxis;
import org.edgegen.config.Suite.Sweep;
import org.edgegen.config.Suite.Training;
import org.edgegen.policy.neural.NeuralPolicy;

/**
 * Reads an experiment suite file (HOCON, everything under {@code suite}). Every mistake (a missing or misspelled
 * key, a value of the wrong type or range, duplicate names, a training seed among the evaluation seeds) is a
 * {@link ConfigurationException} with one line naming the key, the value and what is allowed. Scenario keys inside
 * {@code set} blocks are checked later, when each point's scenario is loaded.
 */
public final class SuiteReader {

    static final String ROOT = "suite";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Set<String> SUITE_KEYS = Set.of("name", "title", "scenario", "set", "seeds", "episodes",
            "policies", "osi", "metrics", "sweeps");
    private static final Set<String> OSI_KEYS = Set.of("train", "checkpoint", "episodes", "seed", "set");
    private static final Set<String> SWEEP_KEYS = Set.of("name", "title", "unit", "key", "values", "labels", "points",
            "set", "series");
    private static final Set<String> SERIES_KEYS = Set.of("title", "key", "values", "labels");
    private static final Set<String> POINT_KEYS = Set.of("label", "x", "set");

    private final Path file;
    private final List<String> knownMetrics;

    private SuiteReader(Path file, List<String> knownMetrics) {
        this.file = file;
        this.knownMetrics = knownMetrics;
    }

    /**
     * @param file         the suite file
     * @param knownMetrics the metric names a suite may list (all of them when it lists none)
     */
    public static Suite read(Path file, List<String> knownMetrics) {
        InputFile.requireReadable(file, "suite file");
        Config config;
        try {
            config = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)
                    .setIncluder(new RequiredIncludes(file)))
                    .resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false));
        } catch (ConfigException.Parse e) {
            throw new ConfigurationException("syntax error in " + ConfigReader.rewrite(e).getMessage(), e);
        } catch (ConfigException e) {
            throw ConfigReader.rewrite(e);
        }
        if (!config.hasPath(ROOT)) {
            throw new ConfigurationException("suite file " + file + " has no 'suite { ... }' block");
        }
        return new SuiteReader(file, knownMetrics).suite(config);
    }

    private Suite suite(Config config) {
        ConfigReader in = new ConfigReader(config, ROOT);
        checkKeys(in, "", SUITE_KEYS);
        String name = name(in, "name");
        String title = in.has("title") ? in.string("title") : name;
        Path scenario = resolve(in.string("scenario"));
        if (!Files.isRegularFile(scenario)) {
            throw in.invalid("scenario", "names no readable file: " + scenario);
        }
        List<Long> seeds = new ArrayList<>();
        for (int seed : in.integers("seeds", Bound.nonNegative())) {
            seeds.add((long) seed);
        }
        if (seeds.isEmpty()) {
            throw in.invalid("seeds", "is empty: list at least one evaluation seed (two or more give a 95 % CI)");
        }
        if (new HashSet<>(seeds).size() != seeds.size()) {
            throw in.invalid("seeds", "repeats a seed: allowed distinct seeds");
        }
        int episodes = in.integer("episodes", Bound.closed(1, 1_000_000));
        List<String> policies = in.strings("policies");
        if (policies.isEmpty()) {
            throw in.invalid("policies", "is empty: list at least one policy");
        }
        if (new HashSet<>(policies).size() != policies.size()) {
            throw in.invalid("policies", "repeats a policy: allowed distinct names");
        }
        OsiPlan osi = osi(in, seeds, policies.contains(NeuralPolicy.NAME));
        List<String> metrics = knownMetrics;
        if (in.has("metrics")) {
            metrics = in.strings("metrics");
            if (new HashSet<>(metrics).size() != metrics.size()) {
                throw in.invalid("metrics", "repeats a metric: allowed distinct names");
            }
            for (String metric : metrics) {
                if (!knownMetrics.contains(metric)) {
                    throw in.invalid("metrics", "names the unknown metric '" + metric + "': allowed "
                            + String.join(", ", knownMetrics));
                }
            }
        }
        List<? extends ConfigValue> list = in.list("sweeps");
        if (list.isEmpty()) {
            throw in.invalid("sweeps", "is empty: give at least one sweep");
        }
        List<Sweep> sweeps = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            ConfigReader at = element(in, "sweeps", i, list.get(i), "{ name = ..., key = ..., values = [...] }");
            Sweep sweep = sweep(at);
            if (!names.add(sweep.name())) {
                throw at.invalid("name", "is used by two sweeps: allowed distinct sweep names");
            }
            sweeps.add(sweep);
        }
        String rendered = config.withOnlyPath(ROOT).root().render(ConfigRenderOptions.defaults()
                .setOriginComments(false).setComments(false).setJson(false).setFormatted(true));
        return new Suite(name, title, file, scenario, overrides(in, "set"), seeds, episodes, policies, osi, metrics,
                sweeps, rendered);
    }

    private OsiPlan osi(ConfigReader in, List<Long> seeds, boolean needed) {
        if (!in.has("osi")) {
            if (needed) {
                throw new ConfigurationException(in.key("osi") + " is missing: the policies include osi, so say how "
                        + "it is trained (osi { train = per-point | once | checkpoint, episodes = E, seed = S, set { ... } })");
            }
            return new OsiPlan(Training.ONCE, Optional.empty(), 1, 0, Map.of());
        }
        checkKeys(in, "osi", OSI_KEYS);
        List<String> words = List.of(Training.PER_POINT.word(), Training.ONCE.word(), Training.CHECKPOINT.word());
        Training training = Training.values()[words.indexOf(in.choice("osi.train", words))];
        if (training == Training.CHECKPOINT) {
            for (String ignored : List.of("episodes", "seed", "set")) {
                if (in.has("osi." + ignored)) {
                    throw in.invalid("osi." + ignored, "is given with train = checkpoint: allowed only with "
                            + "per-point or once (the checkpoint is already trained)");
                }
            }
            Path checkpoint = resolve(in.string("osi.checkpoint"));
            if (!Files.isDirectory(checkpoint)) {
                throw in.invalid("osi.checkpoint", "names no directory: " + checkpoint + " (allowed: a train run's "
                        + "directory or one of its checkpoints)");
            }
            return new OsiPlan(training, Optional.of(checkpoint), 0, 0, Map.of());
        }
        if (in.has("osi.checkpoint")) {
            throw in.invalid("osi.checkpoint", "is given with train = " + training.word() + ": allowed only with "
                    + "train = checkpoint");
        }
        int episodes = in.integer("osi.episodes", Bound.closed(1, 10_000_000));
        long seed = in.longInteger("osi.seed", Bound.nonNegative());
        if (seeds.contains(seed)) {
            throw in.invalid("osi.seed", "is also an evaluation seed in " + in.key("seeds")
                    + ": allowed a training seed the evaluation never uses");
        }
        return new OsiPlan(training, Optional.empty(), episodes, seed, overrides(in, "osi.set"));
    }

    private static Sweep sweep(ConfigReader in) {
        checkKeys(in, "", SWEEP_KEYS);
        String name = name(in, "name");
        String title = in.has("title") ? in.string("title") : name;
        String unit = in.has("unit") ? in.string("unit") : "";
        List<Level> levels;
        if (in.has("points")) {
            if (in.has("key") || in.has("values") || in.has("labels")) {
                throw in.invalid("points", "is given together with key/values/labels: allowed one of the two forms");
            }
            levels = points(in);
        } else {
            levels = levels(in, "");
        }
        Optional<SeriesAxis> series = Optional.empty();
        if (in.has("series")) {
            checkKeys(in, "series", SERIES_KEYS);
            String seriesTitle = in.has("series.title") ? in.string("series.title") : in.string("series.key");
            List<Level> seriesLevels = levels(in, "series.");
            if (seriesLevels.stream().anyMatch(l -> l.label().equals(Suite.NO_SERIES))) {
                throw in.invalid(in.has("series.labels") ? "series.labels" : "series.values", "names a series level "
                        + Suite.NO_SERIES + ", which the sweep CSVs keep for a sweep without series: allowed any "
                        + "other label");
            }
            series = Optional.of(new SeriesAxis(seriesTitle, seriesLevels));
        }
        return new Sweep(name, title, unit, levels, series, overrides(in, "set"));
    }

    /** The simple form: one key over a list of values, optionally with labels. */
    private static List<Level> levels(ConfigReader in, String prefix) {
        String key = in.string(prefix + "key");
        List<? extends ConfigValue> values = in.list(prefix + "values");
        if (values.isEmpty()) {
            throw in.invalid(prefix + "values", "is empty: list at least one value");
        }
        List<String> labels = null;
        if (in.has(prefix + "labels")) {
            labels = in.strings(prefix + "labels");
            if (labels.size() != values.size()) {
                throw in.invalid(prefix + "labels", "has " + labels.size() + " entries for " + values.size()
                        + " values: allowed one label per value");
            }
        }
        List<Level> levels = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            ConfigValue v = values.get(i);
            OptionalDouble x = v.valueType() == ConfigValueType.NUMBER
                    ? OptionalDouble.of(((Number) v.unwrapped()).doubleValue()) : OptionalDouble.empty();
            String label = labels != null ? labels.get(i)
                    : v.valueType() == ConfigValueType.STRING ? (String) v.unwrapped() : ConfigReader.render(v);
            levels.add(new Level(label, x, Map.of(key, ConfigReader.render(v))));
        }
        distinctLabels(in, prefix + "values", levels);
        return levels;
    }

    /** The general form: points each with a label, an optional numeric x and the overrides that make it. */
    private static List<Level> points(ConfigReader in) {
        List<? extends ConfigValue> points = in.list("points");
        if (points.isEmpty()) {
            throw in.invalid("points", "is empty: list at least one point");
        }
        List<Level> levels = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            ConfigReader at = element(in, "points", i, points.get(i), "{ label = ..., x = ..., set { ... } }");
            checkKeys(at, "", POINT_KEYS);
            OptionalDouble x = at.has("x") ? OptionalDouble.of(at.number("x", Bound.any())) : OptionalDouble.empty();
            if (!at.has("label") && x.isEmpty()) {
                throw new ConfigurationException(at.key("label") + " is missing: a point needs a label or an x");
            }
            String label = at.has("label") ? at.string("label") : Bound.format(x.getAsDouble());
            Map<String, String> set = overrides(at, "set");
            if (set.isEmpty()) {
                throw new ConfigurationException(at.key("set") + " is missing or empty: a point must set at least "
                        + "one scenario key");
            }
            levels.add(new Level(label, x, set));
        }
        distinctLabels(in, "points", levels);
        return levels;
    }

    private static void distinctLabels(ConfigReader in, String path, List<Level> levels) {
        Set<String> seen = new HashSet<>();
        for (Level level : levels) {
            if (!seen.add(level.label())) {
                throw in.invalid(path, "gives the label '" + level.label() + "' twice: allowed distinct values/labels");
            }
        }
    }

    /** The leaves of an optional {@code set { ... }} object as full keys to HOCON text, sorted by key. */
    private static Map<String, String> overrides(ConfigReader in, String path) {
        Map<String, String> result = new LinkedHashMap<>();
        if (!in.has(path)) {
            return result;
        }
        ConfigValue value = in.value(path);
        if (value.valueType() != ConfigValueType.OBJECT) {
            throw ConfigReader.wrongType(in.key(path), "an object of scenario keys, e.g. set { edgegen.users.count = 20 }",
                    value);
        }
        ((ConfigObject) value).toConfig().entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
                .forEach(e -> result.put(e.getKey(), ConfigReader.render(e.getValue())));
        return result;
    }

    /** A reader of element {@code i} of the list at {@code path}, which must be an object. */
    private static ConfigReader element(ConfigReader in, String path, int i, ConfigValue value, String shape) {
        String shown = in.key(path) + "[" + i + "]";
        if (value.valueType() != ConfigValueType.OBJECT) {
            throw ConfigReader.wrongType(shown, "an object " + shape, value);
        }
        return ConfigReader.of((ConfigObject) value, shown);
    }

    private static String name(ConfigReader in, String path) {
        String name = in.string(path);
        if (!NAME.matcher(name).matches()) {
            throw in.invalid(path, "is not a valid name: allowed lower-case letters, digits and '-' (used in file "
                    + "names)");
        }
        return name;
    }

    private Path resolve(String path) {
        Path given = Path.of(path);
        Path parent = file.toAbsolutePath().getParent();
        return given.isAbsolute() || parent == null ? given : parent.resolve(given).normalize();
    }

    private static void checkKeys(ConfigReader in, String path, Set<String> allowed) {
        ConfigValue value = in.value(path);
        if (value.valueType() != ConfigValueType.OBJECT) {
            throw ConfigReader.wrongType(in.key(path), "an object", value);
        }
        for (String key : ((ConfigObject) value).keySet()) {
            if (!allowed.contains(key)) {
                String closest = allowed.stream()
                        .min(Comparator.comparingInt((String k) -> KnownKeys.editDistance(k, key))
                                .thenComparing(Comparator.naturalOrder()))
                        .orElseThrow();
                String hint = KnownKeys.editDistance(closest, key) <= 2 ? " (did you mean '" + closest + "'?)" : "";
                throw new ConfigurationException(in.key(path.isEmpty() ? key : path + "." + key)
                        + " is not a known key" + hint + "; allowed: " + String.join(", ", allowed.stream().sorted()
                        .toList()) + ConfigReader.where(((ConfigObject) value).get(key)));
            }
        }
    }
}
