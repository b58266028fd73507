package org.edgegen.training;

import java.util.Optional;

/**
 * A request to stop a run at its next whole result (the end of an episode, of an update), made by a signal
 * (SIGINT, SIGTERM) or a test, and read by the run between episodes: the run then keeps what is complete, says so
 * and ends with {@link #exitCode}. One per command; {@link #NEVER} is never requested.
 */
public final class StopRequest {

    /** A request nobody makes: runs that cannot be interrupted (suites' inner trainings, benchmarks). */
    public static final StopRequest NEVER = new StopRequest();

    /** What {@link #signal} says for a run stopped by {@code edgegen cancel} rather than by a signal. */
    public static final String CANCEL = "CANCEL";

    /** The exit code of a cancelled run: the same as SIGINT's, since both are a stop asked for by a person. */
    public static final int CANCELLED_EXIT_CODE = 130;

    private volatile String signal;
    private volatile int exitCode;

    /** Asks the run to stop, as if by the signal named {@code signal} (e.g. "INT") with the shell's exit code. */
    public void request(String signal, int exitCode) {
        if (this == NEVER) {
            throw new IllegalStateException("StopRequest.NEVER cannot be requested");
        }
        this.exitCode = exitCode;
        this.signal = signal;
    }

    /** Asks the run to stop because {@code edgegen cancel} named it. */
    public void cancel() {
        request(CANCEL, CANCELLED_EXIT_CODE);
    }

    /** Whether the stop was asked for by {@code edgegen cancel}. */
    public boolean cancelled() {
        return CANCEL.equals(signal);
    }

    public boolean requested() {
        return signal != null;
    }

    /** The signal that asked, e.g. "INT", if one did. */
    public Optional<String> signal() {
        return Optional.ofNullable(signal);
    }

    /** The exit code of a run stopped by this request: 128 + the signal number (130 for SIGINT, 143 for SIGTERM). */
    public int exitCode() {
        return exitCode;
    }

    /** Throws {@link RunInterruptedException} when a stop was requested and {@code done < of}. */
    public void check(int done, int of, String unit) {
        if (requested() && done < of) {
            throw new RunInterruptedException(this, done, of, unit);
        }
    }
}
