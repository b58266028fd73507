package org.edgegen.cli;

import java.util.concurrent.Callable;
import org.edgegen.model.InputException;
import org.edgegen.serve.BridgeServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code edgegen serve}: the gRPC bridge for clients in other languages (the Python package), until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve EdgeGen environments over gRPC (src/main/proto/edgegen.proto) until stopped: create "
                + "from a scenario file, reset, step one slot with every agent's action, close. Prints "
                + "'listening on HOST:PORT' when ready.")
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", required = true, paramLabel = "PORT", description = "TCP port; 0 picks a free one (printed when ready).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, loopback only).")
    String bind;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65_535) {
            throw new InputException("--port " + port + " is out of range: allowed 0..65535");
        }
        BridgeServer server = BridgeServer.start(bind, port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "edgegen-serve-shutdown"));
        spec.commandLine().getOut().println("edgegen serve: listening on " + bind + ":" + server.port());
        spec.commandLine().getOut().flush();
        server.awaitTermination();
        return 0;
    }
}
