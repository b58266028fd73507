package org.edgegen.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.edgegen.config.LoadedScenario;
import org.edgegen.config.ScenarioLoader;
import org.edgegen.learn.TrainingCheckpoints.Checkpoint;
import org.edgegen.learn.TrainingCheckpoints.Progress;
import org.edgegen.model.InputException;
import org.junit.jupiter.api.Test;

class ResumeRuleTest {

    private static final Path TINY = Path.of("conf/scenarios/tiny.conf");
    private static final Path RUN = Path.of("runs/tiny-osi");
    private static final long SEED = 7;

    private static LoadedScenario tiny(Map<String, String> overrides) {
        return ScenarioLoader.load(TINY, overrides);
    }

    /** A checkpoint after 4 episodes of a run of {@code trained} with seed 7. */
    private static Checkpoint checkpointOf(LoadedScenario trained) {
        return new Checkpoint(RUN.resolve("checkpoints/latest"),
                Optional.of(new Progress(4, SEED, 4, trained.renderHocon())));
    }

    private static final Checkpoint TRAINED = checkpointOf(tiny(Map.of("edgegen.time.slots-per-episode", "10")));

    @Test
    void theSameSeedScenarioAndLearnerSettingsResumeAfterTheCheckpointsEpisodes() {
        LoadedScenario same = tiny(Map.of("edgegen.time.slots-per-episode", "10"));

        assertThat(ResumeRule.require(TRAINED, same, SEED, RUN)).isEqualTo(4);
        assertThat(ResumeRule.allows(TRAINED, same, SEED)).isTrue();
    }

    @Test
    void theSimulationsTimeoutsMayDifferSinceTheyChangeNoNumber() {
        LoadedScenario patient = tiny(Map.of("edgegen.time.slots-per-episode", "10", "edgegen.sim.slot-timeout-s",
                "90"));

        assertThat(ResumeRule.require(TRAINED, patient, SEED, RUN)).isEqualTo(4);
    }

    @Test
    void anotherSeedIsRefusedInOneLineNamingBothSeeds() {
        LoadedScenario same = tiny(Map.of("edgegen.time.slots-per-episode", "10"));

        assertThatThrownBy(() -> ResumeRule.require(TRAINED, same, 8, RUN))
                .isInstanceOf(InputException.class)
                .hasMessage("--seed 8 differs from the seed 7 of the run in runs/tiny-osi; resume with --seed 7");
        assertThat(ResumeRule.allows(TRAINED, same, 8)).isFalse();
    }

    @Test
    void anotherScenarioIsRefusedInOneLineNamingTheKeyThatDiffers() {
        LoadedScenario longer = tiny(Map.of("edgegen.time.slots-per-episode", "11"));

        assertThatThrownBy(() -> ResumeRule.require(TRAINED, longer, SEED, RUN))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("the scenario differs from the one the run in runs/tiny-osi was trained on (")
                .hasMessageContaining("progress.json has edgegen.time.slots-per-episode = 10, now 11)")
                .hasMessageEndingWith("; pass the same --scenario and --set options")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(ResumeRule.allows(TRAINED, longer, SEED)).isFalse();
    }

    @Test
    void otherLearnerSettingsAreRefusedInOneLineNamingTheKeyThatDiffers() {
        LoadedScenario faster = tiny(Map.of("edgegen.time.slots-per-episode", "10", "edgegen.learner.learning-rate",
                "0.001"));

        assertThatThrownBy(() -> ResumeRule.require(TRAINED, faster, SEED, RUN))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("the learner settings differ from the ones the run in runs/tiny-osi was "
                        + "trained with (")
                .hasMessageContaining("edgegen.learner.learning-rate = 3.0E-4, now 0.001)")
                .hasMessageEndingWith("; pass the same --set edgegen.learner.* options, or train a new run")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(ResumeRule.allows(TRAINED, faster, SEED)).isFalse();
        LoadedScenario perEpisode = tiny(Map.of("edgegen.time.slots-per-episode", "10",
                "edgegen.learner.advantage-normalisation", "episode"));
        assertThatThrownBy(() -> ResumeRule.require(TRAINED, perEpisode, SEED, RUN))
                .hasMessageContaining("edgegen.learner.advantage-normalisation = \"batch\", now \"episode\"");
        assertThat(ResumeRule.allowsReuse(TRAINED, perEpisode, SEED)).isFalse();
    }

    @Test
    void aRunTrainedWithTheSlotTasksCriticResumesOnlyWithItNamedByItsConfigWord() {
        LoadedScenario tasks = tiny(Map.of("edgegen.time.slots-per-episode", "10", "edgegen.learner.critic",
                "centralised-tasks"));
        Checkpoint trained = checkpointOf(tasks);

        assertThat(ResumeRule.require(trained, tiny(Map.of("edgegen.time.slots-per-episode", "10",
                "edgegen.learner.critic", tasks.learner().critic().configName())), SEED, RUN)).isEqualTo(4);
        assertThatThrownBy(() -> ResumeRule.require(trained, tiny(Map.of("edgegen.time.slots-per-episode", "10")),
                SEED, RUN))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("edgegen.learner.critic = \"centralised-tasks\", now \"centralised\")");
    }

    @Test
    void aSuiteMayReuseATrainingThatIsOnlyPlayedOtherwiseButNotOneTrainedOtherwise() {
        LoadedScenario greedy = tiny(Map.of("edgegen.time.slots-per-episode", "10", "edgegen.learner.execution",
                "greedy"));
        Checkpoint trained = checkpointOf(greedy);
        LoadedScenario colder = tiny(Map.of("edgegen.time.slots-per-episode", "10", "edgegen.learner.execution",
                "sample", "edgegen.learner.execution-temperature", "0.3"));
        LoadedScenario faster = tiny(Map.of("edgegen.time.slots-per-episode", "10", "edgegen.learner.execution",
                "sample", "edgegen.learner.learning-rate", "0.001"));

        assertThat(ResumeRule.allows(trained, colder, SEED)).isFalse();
        assertThat(ResumeRule.allowsReuse(trained, colder, SEED)).isTrue();
        LoadedScenario inFloat = tiny(Map.of("edgegen.time.slots-per-episode", "10", "edgegen.learner.execution",
                "greedy", "edgegen.learner.execution-precision", "float"));
        assertThat(ResumeRule.allowsReuse(trained, inFloat, SEED)).isTrue();
        assertThat(ResumeRule.allowsReuse(trained, faster, SEED)).isFalse();
        assertThat(ResumeRule.allowsReuse(trained, colder, SEED + 1)).isFalse();
    }

    @Test
    void manyDifferingKeysAreSummedUpAfterTheFirstThree() {
        LoadedScenario other = tiny(Map.of("edgegen.time.slots-per-episode", "10", "edgegen.learner.learning-rate",
                "0.001", "edgegen.learner.clip", "0.3", "edgegen.learner.epochs", "2", "edgegen.learner.value-coef",
                "0.4"));

        assertThatThrownBy(() -> ResumeRule.require(TRAINED, other, SEED, RUN)).hasMessageContaining("; and 1 more)");
    }
}
