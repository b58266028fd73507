package org.edgegen.model.slot;

import org.edgegen.model.queue.Arrival;

/**
 * How one offloaded task crossed its cell's uplink (and the backhaul to a neighbour server).
 *
 * @param sharingUsers        K^U of the home cell
 * @param arrivalSeconds      t^arr at the serving BS
 * @param sharingDelaySeconds how much longer its upload took than with one offloader fewer in its cell
 *                            (t^up at K^U minus t^up at K^U - 1; 0 when it was alone)
 */
public record Upload(Offload offload, int sharingUsers, double uplinkRateBitsPerSecond,
        double uploadSeconds, double arrivalSeconds, double sharingDelaySeconds) {

    public int userId() {
        return offload.userId();
    }

    /** What the serving BS's queue sees of this task. */
    public Arrival arrival() {
        return new Arrival(offload.userId(), arrivalSeconds, offload.steps());
    }
}
