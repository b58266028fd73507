package org.edgegen.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.edgegen.cluster.Nodes;
import org.edgegen.sim.DetachedRuns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code edgegen cancel}: stops a detached run at its next whole result, keeping what is complete. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Stop a run handed to the cluster after the episode it is in (train: at the next policy "
                + "update, with a checkpoint that --resume goes on from); its summary.json says \"status\": "
                + "\"cancelled\" with the complete episodes. A run still waiting is dropped.")
final class CancelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "The run id (edgegen runs lists them).")
    String runId;

    @Option(names = "--cluster", required = true, paramLabel = "HOST:PORT",
            description = "A node of the running EdgeGen cluster (its seed node, e.g. 127.0.0.1:25521).")
    String cluster;

    @Override
    public Integer call() {
        Nodes.clientConfig(cluster);
        PrintWriter out = spec.commandLine().getOut();
        out.println(DetachedRuns.cancel(cluster, runId));
        out.flush();
        return 0;
    }
}
