package org.edgegen.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.edgegen.config.LoadedScenario;
import org.edgegen.config.ScenarioLoader;
import org.edgegen.model.InputException;
import org.edgegen.policy.neural.PolicySnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRunTest {

    private static final Path TINY = Path.of("conf/scenarios/tiny.conf");

    private static LoadedScenario tiny(String... overrides) {
        // one episode per update, so that two episodes make two updates
        Map<String, String> all = new java.util.HashMap<>(Map.of("edgegen.time.slots-per-episode", "5",
                "edgegen.learner.episodes-per-update", "1"));
        for (int i = 0; i < overrides.length; i += 2) {
            all.put(overrides[i], overrides[i + 1]);
        }
        return ScenarioLoader.load(TINY, all);
    }

    private static TrainingRun.Settings settings(LoadedScenario loaded, long seed, int episodes) {
        return new TrainingRun.Settings(loaded, seed, episodes, 1, Optional.empty());
    }

    @Test
    void aRunResumesFromItsCheckpointOnlyWithTheSameSeedScenarioAndLearnerSettings(@TempDir Path run)
            throws IOException {
        TrainingRun.prepare(settings(tiny(), 7, 2), run, Optional.empty()).train(Engine.DIRECT);

        TrainingRun same = TrainingRun.prepare(settings(tiny(), 7, 3), run, Optional.of(run));
        assertThat(same.firstEpisode()).isEqualTo(2);

        assertThatThrownBy(() -> TrainingRun.prepare(settings(tiny(), 8, 3), run, Optional.of(run)))
                .isInstanceOf(InputException.class).hasMessageContaining("--seed 8 differs from the seed 7");
        assertThatThrownBy(() -> TrainingRun.prepare(settings(tiny("edgegen.time.slots-per-episode", "6"), 7, 3),
                run, Optional.of(run)))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("the scenario differs")
                .hasMessageContaining("edgegen.time.slots-per-episode = 5, now 6");
        assertThatThrownBy(() -> TrainingRun.prepare(settings(tiny("edgegen.learner.epochs", "2"), 7, 3), run,
                Optional.of(run)))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("the learner settings differ")
                .hasMessageContaining("edgegen.learner.epochs = 4, now 2");
        assertThatThrownBy(() -> TrainingRun.prepare(settings(tiny(), 7, 2), run, Optional.of(run)))
                .isInstanceOf(InputException.class)
                .hasMessageEndingWith("has already done 2 episodes; pass --episodes above that to go on");
    }

    @Test
    void aSuiteReusesAFinishedTrainingByTheSameRuleAndRetrainsOtherwise(@TempDir Path dir) throws IOException {
        PolicySnapshot trained = TrainingRun.trainOrReuse(tiny(), 7, 2, dir);
        byte[] curve = Files.readAllBytes(dir.resolve("train.csv"));
        assertThat(dir.resolve("checkpoints/episode-000002")).isDirectory();
        assertThat(dir.resolve("checkpoints/episode-000001")).doesNotExist();
        assertThat(dir.resolve("policy")).doesNotExist();
        assertThat(dir.resolve("summary.json")).doesNotExist();

        PolicySnapshot reused = TrainingRun.trainOrReuse(tiny(), 7, 2, dir);
        assertThat(OsiWeights.fingerprint(reused)).isEqualTo(OsiWeights.fingerprint(trained));
        assertThat(dir.resolve("train.csv")).hasBinaryContent(curve);

        PolicySnapshot retrained = TrainingRun.trainOrReuse(tiny("edgegen.learner.learning-rate", "0.01"), 7, 2,
                dir);
        assertThat(OsiWeights.fingerprint(retrained)).isNotEqualTo(OsiWeights.fingerprint(trained));
    }
}
