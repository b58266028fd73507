package org.edgegen.report;

import java.util.OptionalDouble;

/**
 * What one engine achieved on one scenario size.
 *
 * @param userSlots                  N × slots × episodes simulated
 * @param wallSeconds                time the whole run took, start-up and shut-down of the engine included (the
 *                                   heap measurement excluded)
 * @param steadyUserSlotsPerSecond   user-slots per second from the end of the first episode to the end of the
 *                                   last, which leaves out start-up and shut-down; empty for one episode
 * @param heapBytesPerUser           used heap after full GCs at the end of the first episode, with the engine's
 *                                   state and that episode's slot records live, minus the used heap after GCs
 *                                   before the run, over N; approximate (a GC request is a hint, and other threads
 *                                   may allocate)
 * @param cpuSeconds                 CPU time of the whole JVM (every thread: the engine's, GC and JIT) over the
 *                                   same span as {@code wallSeconds}, the heap measurement excluded; on a machine
 *                                   shared with other jobs it says what the run cost where the wall time says how
 *                                   long it waited
 * @param steadyUserSlotsPerCpuSecond user-slots per CPU-second of the whole JVM over the steady span of
 *                                   {@code steadyUserSlotsPerSecond} (end of the first episode to the end of the
 *                                   last); empty for one episode or without a CPU clock
 */
public record BenchMeasurement(long userSlots, double wallSeconds, OptionalDouble steadyUserSlotsPerSecond,
        double heapBytesPerUser, double cpuSeconds, OptionalDouble steadyUserSlotsPerCpuSecond) {

    /** A measurement without a steady CPU figure (one episode, or no CPU clock). */
    public BenchMeasurement(long userSlots, double wallSeconds, OptionalDouble steadyUserSlotsPerSecond,
            double heapBytesPerUser, double cpuSeconds) {
        this(userSlots, wallSeconds, steadyUserSlotsPerSecond, heapBytesPerUser, cpuSeconds, OptionalDouble.empty());
    }

    public double userSlotsPerSecond() {
        return wallSeconds > 0 ? userSlots / wallSeconds : Double.NaN;
    }

    /** userSlots / cpuSeconds: throughput per second of one core, whatever else the machine ran. */
    public double userSlotsPerCpuSecond() {
        return cpuSeconds > 0 ? userSlots / cpuSeconds : Double.NaN;
    }
}
