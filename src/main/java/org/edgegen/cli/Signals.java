package org.edgegen.cli;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.edgegen.training.StopRequest;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM for the command line. A command that can stop at its next whole result (simulate, train,
 * evaluate, experiment) asks for a {@link StopRequest}; the first signal then makes that request, so the run ends
 * after the episode (or update, or point) it is in, keeps what is complete and exits with 128 + the signal number
 * (130, 143). A second signal stops at once. A command that asked for none (node, serve, bench, explain) exits at
 * the first signal through the JVM's ordinary shutdown, as without this class.
 *
 * <p>The JVM's own handling of these signals (shutdown hooks while the run goes on) is replaced, so Akka's
 * coordinated shutdown no longer races a run that is still writing its files.
 */
final class Signals {

    /** The request of the command this JVM runs; null while no command has asked for one. */
    private static final AtomicReference<StopRequest> CURRENT = new AtomicReference<>();

    private Signals() {}

    /** Installs the handlers; called once by {@link Main#main}, never by tests (they make requests directly). */
    static void install() {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), Signals::onSignal);
            } catch (IllegalArgumentException e) {
                // the JVM keeps this signal (e.g. run with -Xrs): its default handling stays
            }
        }
    }

    /** A fresh request that the next signal makes; the command reads it between episodes. */
    static StopRequest stopRequest() {
        StopRequest request = new StopRequest();
        CURRENT.set(request);
        return request;
    }

    /** The request of the command running, if it asked for one. */
    static Optional<StopRequest> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    private static void onSignal(Signal signal) {
        int exitCode = 128 + signal.getNumber();
        StopRequest request = CURRENT.get();
        if (request == null) {
            System.exit(exitCode);
        } else if (request.requested()) {
            System.err.println("edgegen: SIG" + signal.getName() + " again: stopping at once (exit " + exitCode
                    + "); the last complete result on disk is kept");
            System.err.flush();
            Runtime.getRuntime().halt(exitCode);
        } else {
            stop(request, signal.getName(), exitCode);
        }
    }

    /** What the first signal does: the running command stops at its next whole result. */
    static void stop(StopRequest request, String signal, int exitCode) {
        request.request(signal, exitCode);
        System.err.println("edgegen: SIG" + signal + ": stopping after the current episode (train: at the next "
                + "policy update) and keeping what is complete; send it again to stop at once");
        System.err.flush();
    }
}
