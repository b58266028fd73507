package org.edgegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The check every generated page of docs/ shares: the page rendered from the code is written to target/NAME, and
 * the committed docs/NAME must equal it, or the test fails and says how to regenerate it.
 */
public final class GeneratedDocs {

    private GeneratedDocs() {}

    /** Fails unless docs/{@code name} is exactly {@code rendered}; leaves the fresh page in target/{@code name}. */
    public static void assertUpToDate(String name, String rendered) throws IOException {
        Path fresh = Path.of("target", name);
        Path doc = Path.of("docs", name);
        Files.createDirectories(fresh.getParent());
        Files.writeString(fresh, rendered, StandardCharsets.UTF_8);

        String committed = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "";

        assertThat(committed)
                .as("docs/%s is stale; regenerate it with: cp target/%s docs/%s", name, name, name)
                .isEqualTo(rendered);
    }
}
