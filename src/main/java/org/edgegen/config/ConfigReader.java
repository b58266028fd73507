package org.edgegen.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.edgegen.model.Range;

/**
 * Typed, validated access to one section of a configuration: every getter checks the value's type and range and
 * fails with a one-line {@link ConfigurationException} that names the full key, the bad value and what is allowed.
 * Paths are relative to the section (e.g. {@code users.count} under {@code edgegen}).
 */
public final class ConfigReader {

    /** The string that stands for "no limit" where a setting allows it. */
    public static final String INFINITE = "infinite";

    private static final ConfigRenderOptions CONCISE = ConfigRenderOptions.concise();
    private static final Map<String, Boolean> BOOLEAN_WORDS = Map.of(
            "on", true, "off", false, "true", true, "false", false, "yes", true, "no", false);

    private final Config config;
    private final String section;
    private final String shownAs;

    /**
     * @param config  a configuration holding {@code section} (e.g. the resolved root)
     * @param section the path all other paths are relative to (e.g. {@code edgegen})
     */
    public ConfigReader(Config config, String section) {
        this(config, section, section);
    }

    /**
     * A reader whose keys are shown under another name, e.g. an element of a list ({@code suite.sweeps[2]}) read
     * from a configuration made of that element alone.
     */
    ConfigReader(Config config, String section, String shownAs) {
        this.config = config;
        this.section = section;
        this.shownAs = shownAs;
    }

    /** A reader of one object value, its keys shown under {@code shownAs}. */
    static ConfigReader of(ConfigObject object, String shownAs) {
        return new ConfigReader(object.toConfig().atKey("value"), "value", shownAs);
    }

    /** The full key of a relative path, as shown in messages. */
    public String key(String path) {
        return path.isEmpty() ? shownAs : shownAs + "." + path;
    }

    /** Whether the path is set (to anything but null). */
    boolean has(String path) {
        return find(path) != null;
    }

    /** The raw value at a path; a one-line error if it is missing. */
    ConfigValue value(String path) {
        return required(path);
    }

    public String string(String path) {
        ConfigValue value = required(path);
        if (value.valueType() == ConfigValueType.STRING || value.valueType() == ConfigValueType.NUMBER) {
            return String.valueOf(value.unwrapped());
        }
        throw wrongType(key(path), "a string", value);
    }

    /** One of a fixed set of words, e.g. {@code hex} or {@code grid}. */
    public String choice(String path, List<String> allowed) {
        ConfigValue value = required(path);
        if (value.valueType() == ConfigValueType.STRING && allowed.contains((String) value.unwrapped())) {
            return (String) value.unwrapped();
        }
        throw new ConfigurationException(key(path) + " = " + render(value) + " is not allowed: expected one of "
                + String.join(", ", allowed) + where(value));
    }

    /** A switch: {@code on/off}, {@code true/false} or {@code yes/no}. */
    public boolean bool(String path) {
        ConfigValue value = required(path);
        if (value.valueType() == ConfigValueType.BOOLEAN) {
            return (Boolean) value.unwrapped();
        }
        if (value.valueType() == ConfigValueType.STRING && BOOLEAN_WORDS.containsKey((String) value.unwrapped())) {
            return BOOLEAN_WORDS.get((String) value.unwrapped());
        }
        throw wrongType(key(path), "on or off", value);
    }

    public int integer(String path, Bound bound) {
        return (int) integerValue(key(path), required(path), bound, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    public long longInteger(String path, Bound bound) {
        return integerValue(key(path), required(path), bound, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    public double number(String path, Bound bound) {
        return numberValue(key(path), required(path), bound, "a number");
    }

    /** A number within {@code bound}, or the word {@code infinite} for {@link Double#POSITIVE_INFINITY}. */
    public double numberOrInfinite(String path, Bound bound) {
        ConfigValue value = required(path);
        if (value.valueType() == ConfigValueType.STRING && INFINITE.equals(value.unwrapped())) {
            return Double.POSITIVE_INFINITY;
        }
        return numberValue(key(path), value, bound, "a number or " + INFINITE);
    }

    /** A number within {@code bound}, or empty for the given word (e.g. {@code model}). */
    public java.util.OptionalDouble numberOr(String path, String word, Bound bound) {
        ConfigValue value = required(path);
        if (value.valueType() == ConfigValueType.STRING && word.equals(value.unwrapped())) {
            return java.util.OptionalDouble.empty();
        }
        return java.util.OptionalDouble.of(numberValue(key(path), value, bound, "a number or " + word));
    }

    /**
     * An interval written as {@code {min = a, max = b}}, both ends within {@code bound} and min <= max; a single
     * number x stands for the fixed value [x, x].
     */
    public Range range(String path, Bound bound) {
        ConfigValue value = required(path);
        String key = key(path);
        if (value.valueType() == ConfigValueType.NUMBER) {
            double fixed = numberValue(key, value, bound, "a number");
            return new Range(fixed, fixed);
        }
        if (value.valueType() != ConfigValueType.OBJECT) {
            throw wrongType(key, "{min = ..., max = ...} or a number", value);
        }
        double min = number(path + ".min", bound);
        double max = number(path + ".max", bound);
        if (!(min <= max)) {
            throw new ConfigurationException(key + " = {min = " + Bound.format(min) + ", max = " + Bound.format(max)
                    + "} is out of range: allowed min <= max" + where(value));
        }
        return new Range(min, max);
    }

    public List<Integer> integers(String path, Bound bound) {
        List<Integer> result = new ArrayList<>();
        List<? extends ConfigValue> list = list(path);
        for (int i = 0; i < list.size(); i++) {
            result.add((int) integerValue(key(path) + "[" + i + "]", list.get(i), bound,
                    Integer.MIN_VALUE, Integer.MAX_VALUE));
        }
        return result;
    }

    public List<Double> numbers(String path, Bound bound) {
        List<Double> result = new ArrayList<>();
        List<? extends ConfigValue> list = list(path);
        for (int i = 0; i < list.size(); i++) {
            result.add(numberValue(key(path) + "[" + i + "]", list.get(i), bound, "a number"));
        }
        return result;
    }

    public List<String> strings(String path) {
        List<String> result = new ArrayList<>();
        List<? extends ConfigValue> list = list(path);
        for (int i = 0; i < list.size(); i++) {
            ConfigValue element = list.get(i);
            if (element.valueType() != ConfigValueType.STRING && element.valueType() != ConfigValueType.NUMBER) {
                throw wrongType(key(path) + "[" + i + "]", "a name", element);
            }
            result.add(String.valueOf(element.unwrapped()));
        }
        return result;
    }

    /** The keys of an object, sorted. */
    public Set<String> keys(String path) {
        ConfigValue value = required(path);
        if (value.valueType() != ConfigValueType.OBJECT) {
            throw wrongType(key(path), "an object", value);
        }
        return new LinkedHashSet<>(new TreeMap<>((ConfigObject) value).keySet());
    }

    /** A rule spanning several keys was broken: {@code key = value problem}. */
    public ConfigurationException invalid(String path, String problem) {
        ConfigValue value = required(path);
        return new ConfigurationException(key(path) + " = " + render(value) + " " + problem + where(value));
    }

    /** The value at a path with a range failure message, for checks the getters cannot express. */
    public ConfigurationException outOfRange(String path, String allowed) {
        return invalid(path, "is out of range: allowed " + allowed);
    }

    /** The raw elements of the list at a path; a one-line error if it is missing or not a list. */
    List<? extends ConfigValue> list(String path) {
        ConfigValue value = required(path);
        if (value.valueType() != ConfigValueType.LIST) {
            throw wrongType(key(path), "a list", value);
        }
        return (ConfigList) value;
    }

    private ConfigValue required(String path) {
        ConfigValue value = find(path);
        if (value == null) {
            throw new ConfigurationException(key(path) + " is missing");
        }
        return value;
    }

    /** Walks the object tree so that null values and non-object parents give clear messages. */
    private ConfigValue find(String path) {
        List<String> parts = new ArrayList<>(ConfigUtil.splitPath(section));
        if (!path.isEmpty()) {
            parts.addAll(ConfigUtil.splitPath(path));
        }
        ConfigValue current = config.root();
        List<String> walked = new ArrayList<>();
        for (String part : parts) {
            if (current.valueType() != ConfigValueType.OBJECT) {
                throw wrongType(ConfigUtil.joinPath(walked), "an object", current);
            }
            current = ((ConfigObject) current).get(part);
            walked.add(part);
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    private static long integerValue(String key, ConfigValue value, Bound bound, long smallest, long largest) {
        Double number = asNumber(value);
        if (number == null || number != Math.rint(number) || Double.isInfinite(number)) {
            throw wrongType(key, "an integer", value);
        }
        if (!bound.contains(number)) {
            throw outOfRange(key, value, bound);
        }
        if (number < smallest || number > largest) {
            // the key's own range within what the integer type holds, e.g. 1 <= value <= 2147483647
            boolean lowerOwn = bound.lower() >= smallest;
            boolean upperOwn = bound.upper() <= largest;
            throw outOfRange(key, value, new Bound(lowerOwn ? bound.lower() : smallest,
                    !lowerOwn || bound.lowerInclusive(), upperOwn ? bound.upper() : largest,
                    !upperOwn || bound.upperInclusive()));
        }
        return unwrappedLong(value, number);
    }

    private static long unwrappedLong(ConfigValue value, double number) {
        Object raw = value.unwrapped();
        return raw instanceof Integer || raw instanceof Long ? ((Number) raw).longValue() : (long) number;
    }

    private static double numberValue(String key, ConfigValue value, Bound bound, String expected) {
        Double number = asNumber(value);
        if (number == null || !Double.isFinite(number)) {
            throw wrongType(key, expected, value);
        }
        if (!bound.contains(number)) {
            throw outOfRange(key, value, bound);
        }
        return number;
    }

    /** A number, or a string holding one (as Typesafe Config allows); null otherwise. */
    private static Double asNumber(ConfigValue value) {
        if (value.valueType() == ConfigValueType.NUMBER) {
            return ((Number) value.unwrapped()).doubleValue();
        }
        if (value.valueType() == ConfigValueType.STRING) {
            try {
                return Double.valueOf(((String) value.unwrapped()).strip());
            } catch (NumberFormatException notANumber) {
                return null;
            }
        }
        return null;
    }

    private static ConfigurationException outOfRange(String key, ConfigValue value, Bound bound) {
        return new ConfigurationException(key + " = " + render(value) + " is out of range: allowed "
                + bound.describe() + where(value));
    }

    static ConfigurationException wrongType(String key, String expected, ConfigValue value) {
        return new ConfigurationException(key + ": expected " + expected + ", got " + render(value) + where(value));
    }

    /** A value as one line of JSON-like text; strings keep their quotes so that {@code "5"} differs from 5. */
    static String render(ConfigValue value) {
        return value.render(CONCISE);
    }

    /** Where a value was written, e.g. {@code  (in tiny.conf:3)}; empty for defaults from reference.conf. */
    static String where(ConfigValue value) {
        String location = location(value.origin());
        return location.isEmpty() ? "" : " (in " + location + ")";
    }

    /** {@code tiny.conf:3}, {@code --set ...}, or empty when the origin is reference.conf or unknown. */
    static String location(ConfigOrigin origin) {
        if (origin == null) {
            return "";
        }
        if (origin.description().startsWith(ScenarioLoader.OVERRIDE_ORIGIN)) {
            return origin.description().replaceFirst(":\\s*\\d+$", "");
        }
        String filename = origin.filename();
        if (filename == null || filename.endsWith("reference.conf")) {
            return "";
        }
        String name = Path.of(filename).getFileName().toString();
        return origin.lineNumber() > 0 ? name + ":" + origin.lineNumber() : name;
    }

    /** Rewrites a Typesafe Config exception (often several lines long) into a one-line message. */
    static ConfigurationException rewrite(ConfigException e) {
        String detail = e.getMessage();
        ConfigOrigin origin = e.origin();
        if (origin != null && detail.startsWith(origin.description() + ": ")) {
            detail = detail.substring(origin.description().length() + 2);
        }
        String location = origin == null ? "" : location(origin);
        return new ConfigurationException(location.isEmpty() ? detail : location + ": " + detail, e);
    }
}
