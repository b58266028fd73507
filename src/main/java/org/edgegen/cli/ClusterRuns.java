package org.edgegen.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import org.edgegen.report.EpisodeProgress;
import org.edgegen.sim.DetachedRuns;
import org.edgegen.sim.RunJob;
import org.edgegen.sim.RunManager;
import org.edgegen.training.StopRequest;
import picocli.CommandLine.Model.CommandSpec;

/**
 * How {@code simulate} and {@code train} run with {@code --cluster}, and how {@code attach} ends: every cluster run
 * is handed to the cluster's run manager, which plays it on a learner node and writes its files there. Without
 * {@code --detach} the command then follows it as {@code attach} does (a progress bar, then the summary and the
 * run's exit code), so a command that is killed loses nothing: the run goes on and {@code attach} picks it up.
 */
final class ClusterRuns {

    /** How long a follower waits without a word from the cluster's run manager before it gives up (the run goes on). */
    static final Duration SILENCE = Duration.ofSeconds(120);

    private ClusterRuns() {}

    /**
     * Hands {@code job} to the cluster at {@code cluster}. With {@code detach} it prints the run id on stdout and
     * returns 0 (a signal meanwhile ends the command at once, as before any run exists); else it prints on stderr
     * the line that names the run (its id the second word: {@code run RUN handed to the cluster at ...}), follows the
     * run to its end and returns {@link #end}'s exit code. A signal to this command then stops the run at its next
     * whole result, as interrupted, with the signal's exit code.
     */
    static int handOver(CommandSpec spec, String cluster, RunJob job, boolean detach) {
        if (detach) {
            PrintWriter out = spec.commandLine().getOut();
            out.println(DetachedRuns.submit(cluster, job));
            out.flush();
            return 0;
        }
        StopRequest stop = Signals.stopRequest();
        PrintWriter err = spec.commandLine().getErr();
        RunManager.Update last = withBar(listener -> DetachedRuns.submitAndFollow(cluster, job, runId -> {
            err.println(handedOverLine(runId, cluster));
            err.flush();
        }, SILENCE, listener, stop));
        return end(spec, last);
    }

    /** The line a following command prints once its run is handed over; scripts read the run id, its second word. */
    static String handedOverLine(String runId, String cluster) {
        return "run " + runId + " handed to the cluster at " + cluster + "; it goes on if this command is lost: "
                + "edgegen attach " + runId + " --cluster " + cluster + " follows it again";
    }

    /** Follows a run with a progress bar (made at its first state) and returns its last state. */
    static RunManager.Update withBar(Function<Consumer<RunManager.Row>, RunManager.Update> follow) {
        EpisodeProgress[] bar = new EpisodeProgress[1];
        try {
            return follow.apply(row -> {
                if (bar[0] == null) {
                    bar[0] = EpisodeProgress.start(row.kind(), row.episodes());
                }
                bar[0].advanceTo(row.episodesDone(), row.lastMeanCost());
            });
        } finally {
            if (bar[0] != null) {
                bar[0].close();
            }
        }
    }

    /**
     * Ends as the run's own command would have in local mode: a complete run prints its summary on stdout, a failed
     * one its one-line error, a stopped one (cancelled, interrupted) its one line on stderr; returns its exit code.
     */
    static int end(CommandSpec spec, RunManager.Update last) {
        String status = last.row().status();
        if (RunManager.COMPLETE.equals(status)) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(last.text());
            out.flush();
        } else {
            PrintWriter err = spec.commandLine().getErr();
            err.println("edgegen " + spec.name() + ": " + (RunManager.FAILED.equals(status) ? "error: " : "")
                    + last.text());
            err.flush();
        }
        return last.exitCode();
    }
}
