package org.edgegen.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.edgegen.sim.DetachedRuns;
import org.edgegen.sim.RunManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code edgegen runs}: the runs a cluster was handed (simulate, train, evaluate with --cluster), oldest first. */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = "List the runs handed to a cluster (simulate, train or evaluate with --cluster), oldest "
                + "first: run id, kind, status (queued, running, complete, failed, cancelled, interrupted), "
                + "episodes done of E and the run directory.")
final class RunsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RunnerAddress address;

    @Override
    public Integer call() {
        String cluster = address.connect();
        List<RunManager.Row> rows = DetachedRuns.list(cluster);
        PrintWriter out = spec.commandLine().getOut();
        if (rows.isEmpty()) {
            out.println("no runs on the cluster at " + cluster);
        } else {
            out.println(String.format(Locale.ROOT, "%-10s %-9s %-11s %-13s %s", "RUN", "KIND", "STATUS",
                    "EPISODES", "OUT"));
            for (RunManager.Row row : rows) {
                out.println(String.format(Locale.ROOT, "%-10s %-9s %-11s %-13s %s", row.runId(), row.kind(),
                        row.status(), row.episodesDone() + " of " + row.episodes(), row.outDir()));
            }
        }
        out.flush();
        return 0;
    }
}
