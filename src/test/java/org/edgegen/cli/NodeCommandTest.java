package org.edgegen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node config with a bad or taken port is a one-line user error, exit 2, no stack trace. */
class NodeCommandTest {

    private static Path nodeConfig(Path dir, String port) throws IOException {
        Path file = dir.resolve("node.conf");
        Files.writeString(file, "include \"" + Path.of("cluster/common.conf").toAbsolutePath() + "\"\n"
                + "akka.remote.artery.canonical.port = " + port + "\n"
                + "akka.cluster.roles = [edge, users]\n"
                + "akka.cluster.seed-nodes = [\"akka://edgegen@127.0.0.1:25521\"]\n");
        return file;
    }

    private static void assertOneLineUserError(CliRun run, String... named) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err().strip()).doesNotContain("\n").doesNotContain("\tat ").contains(named);
    }

    @Test
    void aPortOutOfRangeIsAUserError(@TempDir Path dir) throws IOException {
        assertOneLineUserError(CliRun.of("node", "--config", nodeConfig(dir, "99999").toString()), "99999",
                "1..65535");
    }

    @Test
    void aPortThatIsNotANumberIsAUserError(@TempDir Path dir) throws IOException {
        assertOneLineUserError(CliRun.of("node", "--config", nodeConfig(dir, "abc").toString()), "abc",
                "1..65535");
    }

    @Test
    void aPortInUseIsAUserError(@TempDir Path dir) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String port = Integer.toString(taken.getLocalPort());
            assertOneLineUserError(CliRun.of("node", "--config", nodeConfig(dir, port).toString()), port,
                    "in use");
        }
    }

    @Test
    void aFifoAsNodeConfigIsAUserErrorNotABlockedRead(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("node.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        assertOneLineUserError(CliRun.of("node", "--config", fifo.toString()), fifo.toString(),
                "not a regular file");
    }

    @Test
    void aDirectoryAsNodeConfigIsAUserError(@TempDir Path dir) {
        assertOneLineUserError(CliRun.of("node", "--config", dir.toString()), "is a directory");
    }
}
