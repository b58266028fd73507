package org.edgegen.report;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The machine a run or benchmark ran on, so that its timings can be read in context.
 *
 * @param garbageCollectors the JVM's collectors, as it names them (e.g. "G1 Young Generation, G1 Old Generation"):
 *                          a throughput collector changes a single-threaded run's CPU figures (docs/benchmarks.md)
 */
public record MachineInfo(int availableProcessors, long maxHeapBytes, String javaVersion, String osName,
        String garbageCollectors) {

    /** The same, with the collectors unknown. */
    public MachineInfo(int availableProcessors, long maxHeapBytes, String javaVersion, String osName) {
        this(availableProcessors, maxHeapBytes, javaVersion, osName, "unknown");
    }

    public static MachineInfo current() {
        Runtime runtime = Runtime.getRuntime();
        List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
        String names = collectors.isEmpty() ? "unknown"
                : collectors.stream().map(GarbageCollectorMXBean::getName).collect(Collectors.joining(", "));
        return new MachineInfo(runtime.availableProcessors(), runtime.maxMemory(),
                System.getProperty("java.version", "unknown"), System.getProperty("os.name", "unknown"), names);
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("availableProcessors", availableProcessors);
        m.put("maxHeapBytes", maxHeapBytes);
        m.put("javaVersion", javaVersion);
        m.put("osName", osName);
        m.put("garbageCollectors", garbageCollectors);
        return m;
    }
}
