package org.edgegen.report;

import org.edgegen.training.StopRequest;

/**
 * The {@code status} of a run's {@code summary.json}: every requested episode played, stopped by a signal, or
 * stopped by {@code edgegen cancel}.
 */
public final class RunStatus {

    public static final String COMPLETE = "complete";
    public static final String INTERRUPTED = "interrupted";
    public static final String CANCELLED = "cancelled";

    private RunStatus() {}

    /** {@code complete}, or how the run was stopped: {@code cancelled} by a cancel, else {@code interrupted}. */
    public static String of(boolean complete, StopRequest stop) {
        if (complete) {
            return COMPLETE;
        }
        return stop.cancelled() ? CANCELLED : INTERRUPTED;
    }
}
