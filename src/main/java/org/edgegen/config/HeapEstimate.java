package org.edgegen.config;

import java.util.Locale;
import org.edgegen.model.Scenario;

/**
 * A lower bound of the heap a scenario needs, checked when it is loaded so that a scenario too large for this JVM
 * is refused in one line naming {@code EDGEGEN_JAVA_OPTS=-Xmx...}, instead of ending in an OutOfMemoryError after
 * minutes (or at once, for {@code edgegen.users.count = 2147483647}).
 *
 * <p>It counts only what every engine allocates for certain, now that a deployment's memory is linear in users
 * (docs/benchmarks.md, "The cost curve after the memory fix"): {@value #BYTES_PER_USER} bytes a user (its site, home
 * gain and draws; the direct engine measured 204 bytes a user at 1,000,000 users, the actor engine 7.6 KB), the
 * backhaul rate of every candidate pair (8 bytes for each of {@code edgegen.mdp.max-candidates} per BS) and
 * {@value #BASE_MIB} MiB for the JVM's own classes and libraries. The real need is larger, so a scenario that is
 * refused cannot run; one that passes may still need more.
 */
public final class HeapEstimate {

    static final long BYTES_PER_USER = 128;
    static final long BASE_MIB = 64;
    private static final double GIB = 1024.0 * 1024 * 1024;

    private HeapEstimate() {}

    /** At least this many bytes of heap (saturating at {@code Long.MAX_VALUE}). */
    public static long minimumBytes(Scenario scenario) {
        double users = scenario.userCount();
        double cells = scenario.cellCount();
        double pairs = cells * scenario.mdp().maxCandidates();
        double bytes = BASE_MIB * 1024.0 * 1024 + users * BYTES_PER_USER + 8 * pairs;
        return bytes >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) bytes;
    }

    /** Refuses the scenario if it cannot fit in {@code maxHeapBytes} (Runtime.maxMemory; Long.MAX_VALUE: no limit). */
    public static void check(Scenario scenario, long maxHeapBytes) {
        long needed = minimumBytes(scenario);
        if (maxHeapBytes == Long.MAX_VALUE || needed <= maxHeapBytes) {
            return;
        }
        // ask for half again the bound: the bound leaves out most of what a run allocates
        long suggestedGib = (long) Math.ceil(needed * 1.5 / GIB);
        throw new ConfigurationException(String.format(Locale.ROOT, "edgegen.users.count = %d on %d cells needs at "
                + "least %s of heap, more than this JVM's maximum of %s: lower edgegen.users.count (or the cells, "
                + "edgegen.topology), or give the JVM more heap with EDGEGEN_JAVA_OPTS=-Xmx%dg", scenario.userCount(),
                scenario.cellCount(), size(needed), size(maxHeapBytes), suggestedGib));
    }

    /** e.g. {@code 1.5 GiB}, {@code 2048.0 TiB}. */
    static String size(long bytes) {
        double gib = bytes / GIB;
        return gib >= 1024 ? String.format(Locale.ROOT, "%.1f TiB", gib / 1024)
                : String.format(Locale.ROOT, "%.1f GiB", gib);
    }
}
