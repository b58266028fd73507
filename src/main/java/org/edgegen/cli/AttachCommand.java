package org.edgegen.cli;

import java.util.concurrent.Callable;
import org.edgegen.sim.DetachedRuns;
import org.edgegen.sim.RunManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code edgegen attach}: follows a cluster run to its end with a progress bar, then prints what the run's command
 * would have printed and exits with its exit code. Stopping attach (Ctrl-C, or kill) leaves the run going on.
 */
@Command(name = "attach", mixinStandardHelpOptions = true,
        description = "Follow a run handed to the cluster (simulate or train with --cluster) with a progress bar; "
                + "at its end print its summary and exit with its exit code, as the command that started it would "
                + "have. Stopping attach leaves the run going on.")
final class AttachCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RunId run;

    @Mixin
    RunnerAddress address;

    @Override
    public Integer call() {
        String cluster = address.connect();
        RunManager.Update last = ClusterRuns.withBar(progress -> DetachedRuns.follow(cluster, run.value,
                ClusterRuns.SILENCE, progress));
        return ClusterRuns.end(spec, last);
    }
}
