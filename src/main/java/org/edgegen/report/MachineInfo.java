package org.edgegen.report;

import java.util.LinkedHashMap;
import java.util.Map;

/** The machine a run or benchmark ran on, so that its timings can be read in context. */
public record MachineInfo(int availableProcessors, long maxHeapBytes, String javaVersion, String osName) {

    public static MachineInfo current() {
        Runtime runtime = Runtime.getRuntime();
        return new MachineInfo(runtime.availableProcessors(), runtime.maxMemory(),
                System.getProperty("java.version", "unknown"), System.getProperty("os.name", "unknown"));
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("availableProcessors", availableProcessors);
        m.put("maxHeapBytes", maxHeapBytes);
        m.put("javaVersion", javaVersion);
        m.put("osName", osName);
        return m;
    }
}
