package org.edgegen.training;

import org.edgegen.cluster.CborSerializable;




/**
 * What a run had to survive: slot timeouts, episodes re-run (after a timeout, or after the learner node was lost),
 * late messages of aborted attempts that were discarded, and restarts of the coordinator (and learner) singletons
 * after the node hosting them was lost. All zero in a healthy run.
 */
public record RunReport(long timeouts, long episodesRerun, long staleMessages, long restarts)
        implements CborSerializable {

    public static final RunReport CLEAN = new RunReport(0, 0, 0, 0);

    /** A report without singleton restarts. */
    public RunReport(long timeouts, long episodesRerun, long staleMessages) {
        this(timeouts, episodesRerun, staleMessages, 0);
    }

    /** Every fault: each timed-out slot phase and each loss of the coordinator's node. */
    public long faults() {
        return timeouts + restarts;
    }

    /** The counts of both reports added. */
    public RunReport plus(RunReport other) {
        return new RunReport(timeouts + other.timeouts, episodesRerun + other.episodesRerun,
                staleMessages + other.staleMessages, restarts + other.restarts);
    }
}
