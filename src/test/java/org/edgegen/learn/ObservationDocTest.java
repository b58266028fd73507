package org.edgegen.learn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ObservationDocTest {

    private static final Path DOC = Path.of("docs", "observation.md");
    private static final Path FRESH = Path.of("target", "observation.md");

    @Test
    void theObservationPageIsUpToDateWithTheCode() throws IOException {
        String rendered = ObservationDoc.render();
        Files.createDirectories(FRESH.getParent());
        Files.writeString(FRESH, rendered, StandardCharsets.UTF_8);

        String committed = Files.exists(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8) : "";

        assertThat(committed)
                .as("docs/observation.md is stale; regenerate it with: cp target/observation.md docs/observation.md")
                .isEqualTo(rendered);
    }

    @Test
    void thePageGivesEveryFeatureTheMasksAndTheGlobalState() {
        assertThat(ObservationDoc.render())
                .contains("## Actor features (42 = 7 + 5 x max-candidates)")
                .contains("| 0 | `input_bits` |")
                .contains("| 41 | `deadline` |")
                .contains("## Flattened action mask (48 = |C| x (1 + max-candidates))")
                .contains("| 47 | 30 | offload to candidate 6 |")
                .contains("| steps (c) | 6 |")
                .contains("## Critic's global state (21 = 3 x cells)")
                .contains("| 20 | `bs6_arrivals` |");
    }
}
