package org.edgegen.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Reads the used heap after asking for full garbage collections: a rough but honest figure for what is live.
 * {@link System#gc()} is only a request and other threads may allocate in between, so it is approximate.
 */
final class HeapProbe {

    private static final int COLLECTIONS = 3;

    private HeapProbe() {}

    /** The smallest used-heap figure seen right after each of a few requested collections, in bytes. */
    static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < COLLECTIONS; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
