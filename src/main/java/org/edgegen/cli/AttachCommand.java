package org.edgegen.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.edgegen.report.EpisodeProgress;
import org.edgegen.sim.DetachedRuns;
import org.edgegen.sim.RunManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code edgegen attach}: follows a detached run to its end with a progress bar, then prints what the run's command
 * would have printed and exits with its exit code. Stopping attach (Ctrl-C, or kill) leaves the run going on.
 */
@Command(name = "attach", mixinStandardHelpOptions = true,
        description = "Follow a run handed to the cluster (simulate or train --detach) with a progress bar; at its "
                + "end print its summary and exit with its exit code, as the run would have without --detach. "
                + "Stopping attach leaves the run going on.")
final class AttachCommand implements Callable<Integer> {

    /** How long attach waits without a word from the cluster's run manager before it gives up (the run goes on). */
    static final Duration SILENCE = Duration.ofSeconds(120);

    @Spec
    CommandSpec spec;

    @Mixin
    RunId run;

    @Mixin
    RunnerAddress address;

    @Override
    public Integer call() {
        String cluster = address.connect();
        EpisodeProgress[] bar = new EpisodeProgress[1];
        RunManager.Update last;
        try {
            last = DetachedRuns.follow(cluster, run.value, SILENCE, row -> {
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
        String status = last.row().status();
        if (RunManager.COMPLETE.equals(status)) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(last.text());
            out.flush();
        } else {
            PrintWriter err = spec.commandLine().getErr();
            err.println("edgegen attach: " + (RunManager.FAILED.equals(status) ? "error: " : "") + last.text());
            err.flush();
        }
        return last.exitCode();
    }
}
