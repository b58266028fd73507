package org.edgegen.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.edgegen.GeneratedDocs;
import org.junit.jupiter.api.Test;

class ConfigurationDocTest {

    @Test
    void theConfigurationPageIsUpToDateWithReferenceConf() throws IOException {
        GeneratedDocs.assertUpToDate("configuration.md", ConfigurationDoc.render());
    }

    @Test
    void everyKeyOfReferenceConfIsDocumentedWithItsDefault() {
        List<ConfigurationDoc.Row> rows = ConfigurationDoc.rows();
        List<String> documented = rows.stream().map(ConfigurationDoc.Row::key).toList();

        for (String key : new KnownKeys(ScenarioLoader.reference()).leafKeys()) {
            assertThat(documented).as("row for " + key)
                    .anyMatch(row -> key.equals(row) || key.startsWith(row + "."));
        }
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.meaning()).isNotBlank();
            assertThat(row.allowed()).isNotBlank();
        });
    }

    @Test
    void theTableShowsDefaultsUnitsAndAllowedValues() {
        assertThat(ConfigurationDoc.render())
                .contains("| `edgegen.task.arrival-probability` | `0.3` | - |")
                .contains("| `edgegen.backhaul.rate-mbps` | `{min = 400, max = 500}` | Mbit/s |")
                .contains("| `edgegen.edge.gpus` | `[A100, RTX4090, RTX3090, V100, T4, A100, RTX4090]` |")
                .contains("`conf/scenarios/tiny.conf`");
    }
}
