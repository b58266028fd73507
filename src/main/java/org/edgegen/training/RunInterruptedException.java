package org.edgegen.training;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A run that stopped at a {@link StopRequest} after {@code done} of {@code of} episodes (or policies, points): what
 * it completed is kept, and the command ends with the request's exit code.
 */
public final class RunInterruptedException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final transient StopRequest request;
    private final int done;
    private final int of;
    private final String unit;
    private final transient Optional<Path> results;
    private final transient RunReport survived;

    RunInterruptedException(StopRequest request, int done, int of, String unit) {
        this(request, done, of, unit, Optional.empty(), RunReport.CLEAN);
    }

    private RunInterruptedException(StopRequest request, int done, int of, String unit, Optional<Path> results,
            RunReport survived) {
        super((request.cancelled() ? "cancelled" : "interrupted") + " after " + done + " of " + of + " " + unit + results.map(r -> "; results so far in " + r)
                .orElse(""), null, false, false);
        this.request = request;
        this.done = done;
        this.of = of;
        this.unit = unit;
        this.results = results;
        this.survived = survived;
    }

    /** The same interruption, with what the run survived until it stopped (timeouts, re-runs). */
    public RunInterruptedException survived(RunReport report) {
        return new RunInterruptedException(request, done, of, unit, results, report);
    }

    /** What the run survived until it stopped, as far as the engine told. */
    public RunReport survived() {
        return survived;
    }

    /** The same interruption, its complete results kept in {@code dir}. */
    public RunInterruptedException keptIn(Path dir) {
        return new RunInterruptedException(request, done, of, unit, Optional.of(dir), survived);
    }

    /** The same interruption, with nothing kept (e.g. before the first complete result): {@code what} says where. */
    public RunInterruptedException nothingKept(String what) {
        return new RunInterruptedException(request, done, of, unit + "; " + what, Optional.empty(), survived);
    }

    public int done() {
        return done;
    }

    public int of() {
        return of;
    }

    /** Whether {@code edgegen cancel} stopped the run (rather than a signal). */
    public boolean cancelled() {
        return request.cancelled();
    }

    public int exitCode() {
        return request.exitCode();
    }
}
