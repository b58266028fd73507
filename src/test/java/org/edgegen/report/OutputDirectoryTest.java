package org.edgegen.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.edgegen.model.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OutputDirectory#check} refuses what {@code prepare} would, and creates nothing. */
class OutputDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void aDirectoryThatCanBeCreatedPassesTheCheckWithoutBeingCreated() {
        Path out = dir.resolve("a/b/run");

        assertThat(OutputDirectory.check(out, "--out")).isEqualTo(out);
        assertThat(dir.resolve("a")).doesNotExist();
    }

    @Test
    void aFileOrAPathUnderAFileOrABlankPathIsRefusedAsPrepareRefusesIt() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");

        assertThatThrownBy(() -> OutputDirectory.check(file, "--out")).isInstanceOf(InputException.class)
                .hasMessage("--out " + file + " is a file, not a directory");
        assertThatThrownBy(() -> OutputDirectory.check(file.resolve("run"), "--out"))
                .isInstanceOf(InputException.class)
                .hasMessage("--out " + file.resolve("run") + " cannot be created: " + file + " is a file");
        assertThatThrownBy(() -> OutputDirectory.check(Path.of(""), "--out")).isInstanceOf(InputException.class)
                .hasMessageStartingWith("--out is blank");
        assertThat(Files.readString(file)).isEqualTo("x");
    }
}
