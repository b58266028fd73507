package org.edgegen.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.edgegen.sim.DetachedRuns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code edgegen cancel}: stops a detached run at its next whole result, keeping what is complete. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Stop a run handed to the cluster after the episode it is in (train: at the next policy "
                + "update, with a checkpoint that --resume goes on from); its summary.json says \"status\": "
                + "\"cancelled\" with the complete episodes. A run still waiting is dropped.")
final class CancelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RunId run;

    @Mixin
    RunnerAddress address;

    @Override
    public Integer call() {
        String cluster = address.connect();
        PrintWriter out = spec.commandLine().getOut();
        out.println(DetachedRuns.cancel(cluster, run.value));
        out.flush();
        return 0;
    }
}
