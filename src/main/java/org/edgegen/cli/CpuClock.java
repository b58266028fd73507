package org.edgegen.cli;

import java.lang.management.ManagementFactory;

/**
 * The CPU time the JVM has used, all threads together: on a shared machine a benchmark's wall time mostly says how
 * long it waited for a core, its CPU time what the work cost.
 */
final class CpuClock {

    private CpuClock() {}

    /** CPU nanoseconds used by this process so far; -1 where the JVM does not report it. */
    static long processNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
