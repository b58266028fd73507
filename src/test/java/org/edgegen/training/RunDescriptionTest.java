package org.edgegen.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunDescriptionTest {

    @Test
    void aHyperParameterIsAStringABooleanOrADoubleAndTheirOrderIsKept() {
        Map<String, Object> hparams = new LinkedHashMap<>();
        hparams.put("seed", 7.0);
        hparams.put("scenario-name", "tiny");
        hparams.put("flag", true);
        RunDescription run = new RunDescription(hparams, List.of("episode/mean_cost"), "config.conf", "a = 1\n",
                "/tmp/checkpoints", 0);
        hparams.put("later", 1.0);
        assertThat(run.hparams().keySet()).containsExactly("seed", "scenario-name", "flag");

        assertThatThrownBy(() -> new RunDescription(Map.of("users.count", 4), List.of(), "config.conf", "",
                "/tmp/checkpoints", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("users.count");
    }
}
