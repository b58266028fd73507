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
 */
public record BenchMeasurement(long userSlots, double wallSeconds, OptionalDouble steadyUserSlotsPerSecond,
        double heapBytesPerUser) {

    public double userSlotsPerSecond() {
        return wallSeconds > 0 ? userSlots / wallSeconds : Double.NaN;
    }
}
