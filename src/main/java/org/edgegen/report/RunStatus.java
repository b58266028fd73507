package org.edgegen.report;

/** The {@code status} of a run's {@code summary.json}: every requested episode played, or stopped by a signal. */
final class RunStatus {

    static final String COMPLETE = "complete";
    static final String INTERRUPTED = "interrupted";

    private RunStatus() {}

    static String of(boolean complete) {
        return complete ? COMPLETE : INTERRUPTED;
    }
}
