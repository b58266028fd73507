package org.edgegen.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.SplittableRandom;
import org.edgegen.config.LearnerSettings;
import org.edgegen.config.LearnerSettings.CriticMode;
import org.edgegen.policy.neural.NeuralFixtures;
import org.edgegen.policy.neural.PolicySnapshot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

    private static final LearnerSettings SMALL = LearnFixtures.withNormalisedAdvantages(
            LearnFixtures.small(CriticMode.CENTRALISED));
    private static final NetworkShape SHAPE = LearnFixtures.shape(SMALL);

    private static Batch first;
    private static Batch second;

    @BeforeAll
    static void batches() {
        first = LearnFixtures.batch(SHAPE, NeuralFixtures.observations(NeuralFixtures.MASKING_STEPS, 70, 1), 1);
        second = LearnFixtures.batch(SHAPE, NeuralFixtures.observations(NeuralFixtures.MASKING_STEPS, 50, 2), 2);
    }

    /** A learner one update in (so Adam's moments are not zero), saved to {@code dir}. */
    private static PpoLearner trainedAndSaved(Path dir) {
        PpoLearner learner = new PpoLearner(SHAPE, SMALL, 11);
        learner.update(first);
        learner.save(dir);
        return learner;
    }

    @Test
    void saveThenRestoreGivesIdenticalOutputsAndAnIdenticalNextUpdate(@TempDir Path dir) {
        try (PpoLearner original = trainedAndSaved(dir); PpoLearner restored = new PpoLearner(SHAPE, SMALL, 99)) {
            assertThat(restored.snapshot()).isNotEqualTo(original.snapshot());

            restored.restore(dir);

            assertThat(restored.version()).isEqualTo(1);
            assertThat(restored.seed()).as("the checkpoint's seed orders the next minibatches").isEqualTo(11);
            assertThat(restored.gradientSteps()).isEqualTo(original.gradientSteps());
            assertThat(restored.snapshot()).isEqualTo(original.snapshot());
            assertThat(restored.values(second)).containsExactly(original.values(second));
            assertThat(restored.probabilities(second)).isEqualTo(original.probabilities(second));

            // Adam's moments and β powers came back too: the next update is the same, bit for bit.
            UpdateStats next = original.update(second);
            assertThat(restored.update(second)).isEqualTo(next);
            assertThat(restored.snapshot()).isEqualTo(original.snapshot());
            assertThat(restored.values(first)).containsExactly(original.values(first));
        }
    }

    @Test
    void aCheckpointHoldsTheVariablesAndAJsonFileWithCountersAndHyperParameters(@TempDir Path dir)
            throws IOException {
        try (PpoLearner learner = trainedAndSaved(dir)) {
            assertThat(learner.version()).isEqualTo(1);
            assertThat(dir.resolve("variables/variables.index")).isRegularFile();
            String json = Files.readString(dir.resolve(PpoLearner.INFO_FILE));
            assertThat(json).contains("\"version\" : 1", "\"seed\" : 11", "\"learningRate\" : 0.001",
                    "\"critic\" : \"CENTRALISED\"", "\"globalStateSize\" : 21");
        }
    }

    @Test
    void aMissingCheckpointDirectoryIsAClearError(@TempDir Path dir) {
        Path missing = dir.resolve("nowhere");
        try (PpoLearner learner = new PpoLearner(SHAPE, SMALL, 1)) {
            assertOneLineCheckpointError(learner, missing, "no such directory");
            assertOneLineCheckpointError(learner, dir, "missing learner.json");
        }
    }

    @Test
    void aCorruptJsonFileIsAClearError(@TempDir Path dir) throws IOException {
        try (PpoLearner learner = trainedAndSaved(dir)) {
            Files.writeString(dir.resolve(PpoLearner.INFO_FILE), "{\"format\": 1, \"version\": [oops");
            assertOneLineCheckpointError(learner, dir, "learner.json is corrupt");
            Files.writeString(dir.resolve(PpoLearner.INFO_FILE), "{\"format\": 7}");
            assertOneLineCheckpointError(learner, dir, "format 7, expected 1");
        }
    }

    @Test
    void aCorruptVariablesFileIsAClearErrorAndLeavesTheLearnerAsItWas(@TempDir Path dir) throws IOException {
        try (PpoLearner learner = trainedAndSaved(dir)) {
            Path data;
            try (var files = Files.list(dir.resolve("variables"))) {
                data = files.filter(f -> f.getFileName().toString().startsWith("variables.data-")).findFirst()
                        .orElseThrow();
            }
            byte[] garbage = new byte[(int) Files.size(data)];
            new SplittableRandom(1).nextBytes(garbage);
            Files.write(data, garbage);
            PolicySnapshot before = learner.snapshot();

            assertOneLineCheckpointError(learner, dir, "the variables cannot be read");

            assertThat(learner.snapshot()).isEqualTo(before);
            assertThat(learner.version()).isEqualTo(1);
        }
    }

    @Test
    void aTruncatedIndexFileIsAClearError(@TempDir Path dir) throws IOException {
        try (PpoLearner learner = trainedAndSaved(dir)) {
            Path index = dir.resolve("variables/variables.index");
            byte[] bytes = Files.readAllBytes(index);
            Files.write(index, java.util.Arrays.copyOf(bytes, bytes.length / 2));
            assertOneLineCheckpointError(learner, dir, "the variables cannot be read");
            Files.delete(index);
            assertOneLineCheckpointError(learner, dir, "incomplete checkpoint");
        }
    }

    @Test
    void aCheckpointOfAnotherNetworkIsRefused(@TempDir Path dir) {
        LearnerSettings local = LearnFixtures.small(CriticMode.LOCAL);
        trainedAndSaved(dir).close();
        try (PpoLearner other = new PpoLearner(LearnFixtures.shape(local), local, 1)) {
            assertOneLineCheckpointError(other, dir, "global state 21");
        }
    }

    @Test
    void aCheckpointWithTheSlotTasksRecordsThatCriticAndRestoresOnlyIntoItsShape(@TempDir Path dir)
            throws IOException {
        LearnerSettings tasks = LearnFixtures.small(CriticMode.CENTRALISED_TASKS);
        NetworkShape shape = LearnFixtures.shape(tasks);
        assertThat(shape.globalStateSize()).isEqualTo(3 * 7 + 1);
        Batch batch = LearnFixtures.batch(shape, NeuralFixtures.observations(NeuralFixtures.MASKING_STEPS, 40, 3), 3);
        try (PpoLearner learner = new PpoLearner(shape, tasks, 11);
                PpoLearner again = new PpoLearner(shape, tasks, 5)) {
            learner.update(batch);
            learner.save(dir);
            assertThat(Files.readString(dir.resolve(PpoLearner.INFO_FILE)))
                    .contains("\"critic\" : \"CENTRALISED_TASKS\"", "\"globalStateSize\" : 22");

            again.restore(dir);

            assertThat(again.settings().critic()).isEqualTo(CriticMode.CENTRALISED_TASKS);
            assertThat(again.snapshot()).isEqualTo(learner.snapshot());
            assertThat(again.values(batch)).containsExactly(learner.values(batch));
        }
        try (PpoLearner centralised = new PpoLearner(SHAPE, SMALL, 1)) {
            assertOneLineCheckpointError(centralised, dir, "global state 22");
        }
    }

    @Test
    void aLearnerRefusesAShapeWhoseGlobalStateIsNotItsCritics() {
        LearnerSettings tasks = LearnFixtures.small(CriticMode.CENTRALISED_TASKS);
        assertThatThrownBy(() -> new PpoLearner(LearnFixtures.shape(LearnFixtures.small(CriticMode.CENTRALISED)),
                tasks, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match");
        assertThatThrownBy(() -> new PpoLearner(LearnFixtures.shape(tasks),
                LearnFixtures.small(CriticMode.CENTRALISED), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PpoLearner(LearnFixtures.shape(tasks), LearnFixtures.small(CriticMode.LOCAL), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertOneLineCheckpointError(PpoLearner learner, Path dir, String problem) {
        assertThatThrownBy(() -> learner.restore(dir))
                .isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith("checkpoint " + dir + ": ")
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
