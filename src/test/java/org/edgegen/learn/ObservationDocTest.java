package org.edgegen.learn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.edgegen.GeneratedDocs;
import org.junit.jupiter.api.Test;

class ObservationDocTest {

    @Test
    void theObservationPageIsUpToDateWithTheCode() throws IOException {
        GeneratedDocs.assertUpToDate("observation.md", ObservationDoc.render());
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
                .contains("| 20 | `bs6_arrivals` |")
                .contains("With `edgegen.learner.critic = centralised-tasks`, one entry more follows them (22 = 3 x cells"
                        + " + 1 here)")
                .contains("| 21 | `slot_tasks` | tasks in the network this slot | count / (5·B) |");
    }
}
