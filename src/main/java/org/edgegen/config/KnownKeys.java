package org.edgegen.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The keys a scenario may set: exactly those of reference.conf under {@code edgegen}, plus new entries of the open
 * maps (new GPU names under {@code edgegen.edge.gpu-profiles}, shaped like the existing entries).
 */
final class KnownKeys {

    static final String ROOT = "edgegen";

    /** Sections whose entries a scenario may add; each new entry must have the keys of the first existing one. */
    private static final Set<String> OPEN_MAPS = Set.of("edgegen.edge.gpu-profiles");

    private final ConfigObject reference;
    private final Set<String> leafKeys = new TreeSet<>();

    /** @param reference the reference configuration; only its {@code edgegen} subtree counts */
    KnownKeys(Config reference) {
        this.reference = reference.withOnlyPath(ROOT).root();
        collectLeaves(this.reference, List.of());
    }

    /** Fails on the first unknown key of {@code scenario} (in file order), suggesting the closest known key. */
    void check(Config scenario, String sourceName) {
        List<Unknown> unknown = new ArrayList<>();
        walk(scenario.root(), reference, List.of(), unknown);
        if (unknown.isEmpty()) {
            return;
        }
        unknown.sort(Comparator.comparing((Unknown u) -> u.location().replaceFirst(":\\d+$", ""))
                .thenComparingInt(Unknown::line)
                .thenComparing(Unknown::key));
        Unknown first = unknown.get(0);
        String where = first.location().isEmpty() ? sourceName : first.location();
        StringBuilder message = new StringBuilder("unknown key '").append(first.key()).append("' in ").append(where);
        if (!first.key().equals(ROOT) && !first.key().startsWith(ROOT + ".")) {
            message.append(": a scenario may only set keys under '").append(ROOT).append("'");
        }
        suggestion(first.key()).ifPresent(s -> message.append("; did you mean '").append(s).append("'?"));
        if (unknown.size() > 1) {
            message.append(" (and ").append(unknown.size() - 1).append(" more unknown key")
                    .append(unknown.size() > 2 ? "s" : "").append(")");
        }
        throw new ConfigurationException(message.toString());
    }

    /** Every documented leaf key, e.g. {@code edgegen.users.count}. */
    Set<String> leafKeys() {
        return Set.copyOf(leafKeys);
    }

    private void walk(ConfigValue given, ConfigValue known, List<String> path, List<Unknown> unknown) {
        // A value whose type differs from the reference is left to the typed reader to report.
        if (given.valueType() != ConfigValueType.OBJECT || known.valueType() != ConfigValueType.OBJECT) {
            return;
        }
        ConfigObject knownObject = (ConfigObject) known;
        boolean openMap = OPEN_MAPS.contains(join(path));
        for (Map.Entry<String, ConfigValue> entry : ((ConfigObject) given).entrySet()) {
            List<String> childPath = append(path, entry.getKey());
            ConfigValue knownChild = knownObject.get(entry.getKey());
            if (knownChild == null && openMap && !knownObject.isEmpty()) {
                knownChild = knownObject.values().stream()
                        .min(Comparator.comparing(ConfigValue::toString)).orElseThrow();
            }
            if (knownChild == null) {
                unknown.add(firstLeaf(entry.getValue(), childPath));
            } else {
                walk(entry.getValue(), knownChild, childPath, unknown);
            }
        }
    }

    /** The first leaf under an unknown object: its full path gives the best suggestion. */
    private static Unknown firstLeaf(ConfigValue value, List<String> path) {
        if (value.valueType() == ConfigValueType.OBJECT && !((ConfigObject) value).isEmpty()) {
            ConfigObject object = (ConfigObject) value;
            String firstKey = object.keySet().stream()
                    .min(Comparator.comparingInt((String k) -> line(object.get(k).origin()))
                            .thenComparing(Comparator.naturalOrder()))
                    .orElseThrow();
            return firstLeaf(object.get(firstKey), append(path, firstKey));
        }
        return new Unknown(join(path), ConfigReader.location(value.origin()), line(value.origin()));
    }

    private static int line(ConfigOrigin origin) {
        return origin == null ? Integer.MAX_VALUE : origin.lineNumber();
    }

    /** The closest known key by edit distance, or one with the same last segment, if any is close enough. */
    Optional<String> suggestion(String key) {
        if (leafKeys.contains(ROOT + "." + key)) {
            return Optional.of(ROOT + "." + key);
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidatesFor(key)) {
            int distance = editDistance(key, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        if (best != null && bestDistance <= Math.max(2, key.length() / 6)) {
            return Optional.of(best);
        }
        String last = lastSegment(key);
        List<String> sameLeaf = leafKeys.stream()
                .filter(candidate -> editDistance(lastSegment(candidate), last) <= Math.min(2, last.length() / 4))
                .toList();
        return sameLeaf.size() == 1 ? Optional.of(sameLeaf.get(0)) : Optional.empty();
    }

    /** The known keys, plus the keys a new entry of an open map named like the one in {@code key} may have. */
    private Set<String> candidatesFor(String key) {
        Set<String> candidates = new TreeSet<>(leafKeys);
        List<String> parts = ConfigUtil.splitPath(key);
        for (String openMap : OPEN_MAPS) {
            int depth = ConfigUtil.splitPath(openMap).size();
            if (parts.size() > depth + 1 && join(parts.subList(0, depth)).equals(openMap)) {
                for (String known : leafKeys) {
                    List<String> knownParts = ConfigUtil.splitPath(known);
                    if (knownParts.size() > depth + 1 && join(knownParts.subList(0, depth)).equals(openMap)) {
                        List<String> renamed = new ArrayList<>(knownParts);
                        renamed.set(depth, parts.get(depth));
                        candidates.add(join(renamed));
                    }
                }
            }
        }
        return candidates;
    }

    private static String lastSegment(String key) {
        List<String> parts = ConfigUtil.splitPath(key);
        return parts.get(parts.size() - 1);
    }

    /** Levenshtein distance. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private void collectLeaves(ConfigObject object, List<String> path) {
        for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
            List<String> childPath = append(path, entry.getKey());
            if (entry.getValue().valueType() == ConfigValueType.OBJECT) {
                collectLeaves((ConfigObject) entry.getValue(), childPath);
            } else {
                leafKeys.add(join(childPath));
            }
        }
    }

    private static List<String> append(List<String> path, String key) {
        List<String> result = new ArrayList<>(path);
        result.add(key);
        return result;
    }

    private static String join(List<String> path) {
        return path.isEmpty() ? "" : ConfigUtil.joinPath(path);
    }

    private record Unknown(String key, String location, int line) {}
}
