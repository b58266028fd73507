package org.edgegen.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Generates docs/configuration.md from reference.conf (one row per documented key, in file order) and the
 * shipped scenario files, so that the reference page cannot drift from the defaults.
 *
 * <p>A key is documented by the comment line above it: {@code Meaning. Unit: u. Allowed: range.} ("Unit" is
 * optional). An object with such a comment (e.g. a {@code {min, max}} pair) is one row; other objects are sections.
 */
public final class ConfigurationDoc {

    /** Where the shipped scenarios live, relative to the project root. */
    public static final Path SCENARIOS = Path.of("conf", "scenarios");

    private static final String ALLOWED = "Allowed:";
    private static final String UNIT = " Unit: ";

    private ConfigurationDoc() {}

    /** The page for the scenarios in {@link #SCENARIOS} (relative to the working directory). */
    public static String render() {
        return render(SCENARIOS);
    }

    public static String render(Path scenariosDirectory) {
        StringBuilder page = new StringBuilder();
        page.append(INTRO);
        page.append("## Shipped scenarios\n\n");
        page.append("| File | Scenario |\n|---|---|\n");
        for (Map.Entry<String, String> scenario : scenarios(scenariosDirectory)) {
            page.append("| `conf/scenarios/").append(scenario.getKey()).append("` | ")
                    .append(cell(scenario.getValue())).append(" |\n");
        }
        page.append("\n## Keys\n\n");
        page.append("The defaults are the paper's setting (system model, §10). Units are those written in a scenario file.\n\n");
        page.append("| Key | Default | Unit | Meaning | Allowed |\n|---|---|---|---|---|\n");
        for (Row row : rows()) {
            page.append("| `").append(row.key()).append("` | `").append(cell(row.defaultValue())).append("` | ")
                    .append(cell(row.unit())).append(" | ").append(cell(row.meaning())).append(" | ")
                    .append(cell(row.allowed())).append(" |\n");
        }
        return page.toString();
    }

    /** One documented key of reference.conf. */
    record Row(String key, String defaultValue, String unit, String meaning, String allowed) {}

    /** Every documented key of reference.conf, in file order. */
    static List<Row> rows() {
        Config reference = ConfigFactory.parseResources(ConfigurationDoc.class.getClassLoader(), "reference.conf")
                .withOnlyPath(KnownKeys.ROOT);
        List<Row> rows = new ArrayList<>();
        collect(reference.root().get(KnownKeys.ROOT), List.of(KnownKeys.ROOT), rows);
        return rows;
    }

    private static void collect(ConfigValue value, List<String> path, List<Row> rows) {
        String comment = value.origin().comments().stream().map(String::strip).collect(Collectors.joining(" "));
        int allowedAt = comment.indexOf(ALLOWED);
        if (allowedAt >= 0) {
            rows.add(row(ConfigUtil.joinPath(path), value, comment.substring(0, allowedAt).strip(),
                    strip(comment.substring(allowedAt + ALLOWED.length()))));
            return;
        }
        if (value.valueType() != ConfigValueType.OBJECT) {
            throw new IllegalStateException("reference.conf: key " + ConfigUtil.joinPath(path)
                    + " has no comment of the form 'Meaning. Unit: u. Allowed: range.'");
        }
        ConfigObject object = (ConfigObject) value;
        object.keySet().stream()
                .sorted(inFileOrder(object))
                .forEach(key -> {
                    List<String> childPath = new ArrayList<>(path);
                    childPath.add(key);
                    collect(object.get(key), childPath, rows);
                });
    }

    private static Row row(String key, ConfigValue value, String description, String allowed) {
        int unitAt = description.indexOf(UNIT);
        String meaning = strip(unitAt >= 0 ? description.substring(0, unitAt) : description);
        String unit = unitAt >= 0 ? strip(description.substring(unitAt + UNIT.length())) : "-";
        return new Row(key, show(value), unit, meaning, allowed);
    }

    /** Drops a trailing full stop. */
    private static String strip(String text) {
        String stripped = text.strip();
        return stripped.endsWith(".") ? stripped.substring(0, stripped.length() - 1) : stripped;
    }

    /** A default as one would write it in a scenario file: unquoted names, keys in file order. */
    private static String show(ConfigValue value) {
        return switch (value.valueType()) {
            case OBJECT -> {
                ConfigObject object = (ConfigObject) value;
                yield object.keySet().stream()
                        .sorted(inFileOrder(object))
                        .map(key -> key + " = " + show(object.get(key)))
                        .collect(Collectors.joining(", ", "{", "}"));
            }
            case LIST -> ((ConfigList) value).stream().map(ConfigurationDoc::show)
                    .collect(Collectors.joining(", ", "[", "]"));
            case STRING -> {
                String text = (String) value.unwrapped();
                yield text.matches("[A-Za-z0-9._-]+") ? text : ConfigUtil.quoteString(text);
            }
            default -> value.render(ConfigRenderOptions.concise());
        };
    }

    /** Keys by line; keys on one line (such as {@code {min = 2, max = 5}}) have min before max. */
    private static Comparator<String> inFileOrder(ConfigObject object) {
        List<String> firstOnALine = List.of("min", "max");
        return Comparator.comparingInt((String key) -> object.get(key).origin().lineNumber())
                .thenComparingInt(key -> firstOnALine.contains(key) ? firstOnALine.indexOf(key) : firstOnALine.size())
                .thenComparing(Comparator.naturalOrder());
    }

    /** The shipped scenario files with the first comment paragraph of each (up to an empty line), by name. */
    private static List<Map.Entry<String, String>> scenarios(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            List<Map.Entry<String, String>> result = new ArrayList<>();
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".conf")).sorted().toList()) {
                result.add(Map.entry(file.getFileName().toString(), description(file)));
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String description(Path file) throws IOException {
        List<String> paragraph = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String stripped = line.strip();
            String text = stripped.replaceFirst("^(#|//)\\s*", "");
            if (text.equals(stripped) || text.isEmpty()) {
                break;
            }
            paragraph.add(text);
        }
        return String.join(" ", paragraph).strip();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    private static final String INTRO = """
            # Configuration

            <!-- Generated by org.edgegen.config.ConfigurationDoc from src/main/resources/reference.conf and
                 conf/scenarios/*.conf; do not edit by hand. ConfigurationDocTest fails when this page is stale and
                 writes the fresh page to target/configuration.md: cp target/configuration.md docs/configuration.md -->

            Every parameter of the system model is a key under `edgegen`. Its default and
            documentation live in `src/main/resources/reference.conf`; a **scenario file** sets only the keys that
            differ from the defaults.

            ## How a scenario is built

            1. The scenario file is parsed as [HOCON](https://github.com/lightbend/config/blob/main/HOCON.md).
               It may `include "other.conf"` (resolved relative to the including file) and override what the
               included file sets; later settings win, and objects merge key by key.
            2. Overrides from the command line, `--set key=value` (repeatable, e.g.
               `--set edgegen.users.count=50 --set edgegen.topology.cooperation=off`), are applied on top of the
               file. The value is HOCON: `--set 'edgegen.task.deadline-s={min = 2, max = 6}'` or
               `--set 'edgegen.edge.gpus=[A100, T4]'`; a plain number works for any `{min, max}` pair and
               means a fixed value (`--set edgegen.task.deadline-s=8`).
            3. Every key not set falls back to reference.conf. Nothing else is read: no `application.conf`,
               no system properties, no environment variables (`${?VAR}` substitutions stay unset).
            4. The result is validated: a key that reference.conf does not have (typically a typo) is rejected with
               the closest known key as a hint, and so is a value of the wrong type or outside the allowed range.
               The only keys a scenario may add are new GPUs under `edgegen.edge.gpu-profiles`, each with exactly
               `step-overhead-s` and `step-s-per-image`. The error is one line naming the key, the value and what
               is allowed, e.g. `edgegen.task.arrival-probability = 1.5 is out of range: allowed 0 <= value <= 1`.
            5. Values are converted to SI units (Mbit to bits, Mbit/s to bit/s, ms to s, MHz to Hz) in the
               `Scenario` the simulator uses. The resolved configuration (every key, after includes and overrides)
               can be rendered with `LoadedScenario.renderHocon()`; it is itself a scenario file that reproduces
               the run.

            Rules that span several keys: `edgegen.edge.gpus` has exactly one entry per cell (hex layout:
            1 + 3R(R+1) cells for R rings; grid: rows × columns), each naming a GPU profile, unless
            `edgegen.edge.gpus-repeat = on`, which cycles a non-empty list over the cells in BS order (how
            `metro.conf` repeats the default 7-cell mix over 397 cells); `mdp.max-candidates`
            is at least 1 + the largest neighbour count of the layout (hex: 6 with the default neighbour radius;
            grid: 4); `min-user-distance-m` is below half the inter-site distance; at least one cost weight is
            positive. `infinite` is accepted where a limit may be absent (`queue-cap-image-steps`, `energy-max-j`);
            switches accept `on`/`off` (or `true`/`false`, `yes`/`no`).

            """;
}
