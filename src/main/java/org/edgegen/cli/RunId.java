package org.edgegen.cli;

import picocli.CommandLine.Parameters;

/** The RUN parameter of attach and cancel: a run id as {@code edgegen runs} lists it. */
final class RunId {

    @Parameters(index = "0", paramLabel = "RUN", description = "The run id (edgegen runs lists them).")
    String value;
}
