package org.edgegen.serve;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The gRPC server of {@code edgegen serve}: the {@link EnvironmentService} on one address. */
public final class BridgeServer implements AutoCloseable {

    private final Server server;
    private final EnvironmentService service;

    private BridgeServer(Server server, EnvironmentService service) {
        this.server = server;
        this.service = service;
    }

    /** Starts listening on {@code bind}:{@code port} (port 0: a free port, see {@link #port()}). */
    public static BridgeServer start(String bind, int port) {
        EnvironmentService service = new EnvironmentService();
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(bind, port))
                .addService(service)
                .maxInboundMessageSize(256 * 1024 * 1024)
                .build();
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + bind + ":" + port, e);
        }
        return new BridgeServer(server, service);
    }

    /** The port it listens on. */
    public int port() {
        return server.getPort();
    }

    /** Blocks until the server is shut down. */
    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        service.closeAll();
    }
}
