package org.edgegen.cli;

import org.edgegen.cluster.Nodes;
import picocli.CommandLine.Option;

/** The {@code --cluster} option of the commands that talk to a cluster's detached runs (runs, attach, cancel). */
final class RunnerAddress {

    @Option(names = "--cluster", required = true, paramLabel = "HOST:PORT",
            description = "A node of the running EdgeGen cluster (its seed node, e.g. 127.0.0.1:25521).")
    String cluster;

    /** The address, checked (a bad one is a one-line error) and with this JVM set up as a client of it. */
    String connect() {
        Nodes.clientConfig(cluster);
        return cluster;
    }
}
