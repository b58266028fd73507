package org.edgegen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

    @Test
    void helpPrintsUsageAndExitsZero() {
        StringWriter out = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out));

        assertThat(cmd.execute("--help")).isZero();
        assertThat(out.toString()).contains("Usage: edgegen").contains("explain");
    }

    @Test
    void versionIsReported() {
        StringWriter out = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out));

        assertThat(cmd.execute("--version")).isZero();
        assertThat(out.toString()).contains("0.1.0");
    }

    @Test
    void anUnknownOptionIsAUserErrorWithExitCodeTwo() {
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setErr(new PrintWriter(err));

        assertThat(cmd.execute("explain", "--scenario", "conf/scenarios/tiny.conf", "--seed", "1", "--user", "0",
                "--no-such-option")).isEqualTo(Main.USER_ERROR);
        assertThat(err.toString()).contains("--no-such-option");
    }
}
