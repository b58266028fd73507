package org.edgegen.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreviousTrainingTest {

    private static final Predicate<Path> HAS_CHECKPOINT = dir -> Files.isDirectory(dir.resolve("checkpoints"));

    private static Path earlierRun(Path parent) throws IOException {
        Path run = parent.resolve("run");
        Files.createDirectories(run.resolve("checkpoints/latest"));
        Files.writeString(run.resolve("checkpoints/latest/progress.json"), "old");
        Files.writeString(run.resolve("train.csv"), "old rows");
        Files.writeString(run.resolve("summary.json"), "old summary");
        Files.writeString(run.resolve("notes.txt"), "mine");
        return run;
    }

    /** What a new run writes before it fails: the header of train.csv and a config, no checkpoint. */
    private static void startNewRun(Path run) throws IOException {
        Files.writeString(run.resolve("train.csv"), "header only");
        Files.writeString(run.resolve("config.conf"), "new config");
    }

    @Test
    void aNewRunThatFailsBeforeItsFirstCheckpointGivesTheEarlierRunBack(@TempDir Path parent) throws IOException {
        Path run = earlierRun(parent);
        try (PreviousTraining previous = PreviousTraining.setAside(run, HAS_CHECKPOINT)) {
            assertThat(run.resolve("train.csv")).doesNotExist();
            assertThat(run.resolve("notes.txt")).as("not a file of a run").hasContent("mine");
            startNewRun(run);
        }
        assertThat(run.resolve("train.csv")).hasContent("old rows");
        assertThat(run.resolve("summary.json")).hasContent("old summary");
        assertThat(run.resolve("checkpoints/latest/progress.json")).hasContent("old");
        assertThat(run.resolve("config.conf")).as("the new run's file is gone").doesNotExist();
        assertThat(PreviousTraining.asideOf(run)).doesNotExist();
    }

    @Test
    void aNewRunThatFailsAfterItsFirstCheckpointReplacesTheEarlierRunSoThatItCanBeResumed(@TempDir Path parent)
            throws IOException {
        Path run = earlierRun(parent);
        try (PreviousTraining previous = PreviousTraining.setAside(run, HAS_CHECKPOINT)) {
            startNewRun(run);
            Files.createDirectories(run.resolve("checkpoints/episode-000001"));
        }
        assertThat(run.resolve("train.csv")).hasContent("header only");
        assertThat(run.resolve("checkpoints/episode-000001")).isDirectory();
        assertThat(run.resolve("checkpoints/latest")).doesNotExist();
        assertThat(run.resolve("summary.json")).doesNotExist();
        assertThat(PreviousTraining.asideOf(run)).doesNotExist();
    }

    @Test
    void aFinishedRunReplacesTheEarlierRunEvenWithoutACheckpoint(@TempDir Path parent) throws IOException {
        Path run = earlierRun(parent);
        try (PreviousTraining previous = PreviousTraining.setAside(run, dir -> false)) {
            startNewRun(run);
            previous.finished();
        }
        assertThat(run.resolve("train.csv")).hasContent("header only");
        assertThat(run.resolve("checkpoints")).doesNotExist();
        assertThat(PreviousTraining.asideOf(run)).doesNotExist();
    }

    @Test
    void theEarlierRunLeftAsideByAKilledRunComesBackWhenTheKilledRunHadNoCheckpoint(@TempDir Path parent)
            throws IOException {
        Path run = earlierRun(parent);
        PreviousTraining killed = PreviousTraining.setAside(run, HAS_CHECKPOINT);
        startNewRun(run); // killed: close() never runs
        assertThat(PreviousTraining.asideOf(run)).isDirectory();

        try (PreviousTraining next = PreviousTraining.setAside(run, HAS_CHECKPOINT)) {
            assertThat(PreviousTraining.asideOf(run).resolve("train.csv")).as("the complete run is kept aside, "
                    + "not the killed one").hasContent("old rows");
            assertThat(PreviousTraining.asideOf(run).resolve("config.conf")).doesNotExist();
        }
        assertThat(run.resolve("train.csv")).hasContent("old rows");
        assertThat(run.resolve("config.conf")).doesNotExist();
    }

    @Test
    void aResumeInPlaceDropsTheCopyOfARunThatTheKilledRunReplaced(@TempDir Path parent) throws IOException {
        Path run = earlierRun(parent);
        PreviousTraining.setAside(run, HAS_CHECKPOINT);
        startNewRun(run);
        Files.createDirectories(run.resolve("checkpoints/episode-000001")); // then killed

        try (PreviousTraining resumed = PreviousTraining.inPlace(run, HAS_CHECKPOINT)) {
            assertThat(run.resolve("train.csv")).as("nothing moved").hasContent("header only");
        }
        assertThat(PreviousTraining.asideOf(run)).doesNotExist();
        assertThat(run.resolve("checkpoints/episode-000001")).isDirectory();
    }

    @Test
    void aFileAsTheRunDirectoryIsAUserError(@TempDir Path parent) throws IOException {
        Path file = Files.writeString(parent.resolve("file"), "x");
        assertThatThrownBy(() -> PreviousTraining.setAside(file, HAS_CHECKPOINT))
                .isInstanceOf(org.edgegen.model.InputException.class).hasMessageContaining("is a file");
    }
}
