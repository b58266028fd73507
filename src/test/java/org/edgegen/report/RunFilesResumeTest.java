package org.edgegen.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.edgegen.config.LoadedScenario;
import org.edgegen.config.ScenarioLoader;
import org.edgegen.model.slot.SlotRecord;
import org.edgegen.model.slot.TaskOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's files that go on from their resume point (a detached simulation whose node was lost) end byte for byte as
 * the files of a run that was never stopped, also when the lost node had written part of the next episode.
 */
class RunFilesResumeTest {

    @TempDir
    Path dirs;

    private static TaskOutcome outcome(int user, org.edgegen.model.slot.Path path, double cost) {
        return new TaskOutcome(user, path, path == org.edgegen.model.slot.Path.LOCAL ? -1 : 0, 10, 0.1 * cost,
                0.3 / cost, 0.01, cost, 0.0, false, false, false, false, TaskOutcome.OffloadTrace.NONE);
    }

    private static List<SlotRecord> episode(int episode, double scale) {
        List<TaskOutcome> first = List.of(outcome(0, org.edgegen.model.slot.Path.LOCAL, 0.7 * scale),
                outcome(1, org.edgegen.model.slot.Path.HOME, 1.0 / 3 * scale));
        List<TaskOutcome> second = List.of(outcome(1, org.edgegen.model.slot.Path.NEIGHBOUR, 0.1 * scale));
        return List.of(new SlotRecord(episode, 0, first, SlotRecord.meanCost(first)),
                new SlotRecord(episode, 1, second, SlotRecord.meanCost(second)));
    }

    @Test
    void filesReopenedAtTheirResumePointEndAsTheFilesOfARunThatWasNeverStopped() throws Exception {
        LoadedScenario loaded = ScenarioLoader.load(Path.of("conf/scenarios/tiny.conf"));
        Path whole = dirs.resolve("whole");
        RunMetrics wholeMetrics = new RunMetrics(4);
        try (RunFiles files = RunFiles.create(whole, loaded)) {
            for (int e = 0; e < 3; e++) {
                files.write(wholeMetrics.addEpisode(e, episode(e, 1 + e)));
            }
        }

        Path lost = dirs.resolve("lost");
        try (RunFiles files = RunFiles.create(lost, loaded)) {
            RunMetrics metrics = new RunMetrics(4);
            files.write(metrics.addEpisode(0, episode(0, 1)));
            files.markResumePoint(metrics);
            // the node is lost after it wrote episode 1 but before its resume point said so
            files.write(metrics.addEpisode(1, episode(1, 2)));
        }
        Files.writeString(lost.resolve(RunFiles.SLOTS), "1,2,half a ro", java.nio.file.StandardOpenOption.APPEND);

        Optional<RunFiles.ResumePoint> point = RunFiles.readResumePoint(lost, 4);
        assertThat(point).isPresent();
        RunMetrics metrics = point.get().metrics();
        assertThat(metrics.episodes()).isEqualTo(1);
        try (RunFiles files = RunFiles.reopen(lost, loaded, point.get())) {
            for (int e = 1; e < 3; e++) {
                files.write(metrics.addEpisode(e, episode(e, 1 + e)));
                files.markResumePoint(metrics);
            }
            files.dropResumePoint();
        }

        for (String file : List.of(RunFiles.SLOTS, RunFiles.EPISODES, RunFiles.CONFIG)) {
            assertThat(Files.readString(lost.resolve(file))).as(file).isEqualTo(Files.readString(whole.resolve(file)));
        }
        assertThat(metrics.state()).isEqualTo(wholeMetrics.state());
        assertThat(lost.resolve(RunFiles.RESUME_POINT)).doesNotExist();
        assertThat(RunFiles.readResumePoint(lost, 4)).isEmpty();
    }

    @Test
    void aResumePointItsFilesDoNotReachIsNone() throws Exception {
        LoadedScenario loaded = ScenarioLoader.load(Path.of("conf/scenarios/tiny.conf"));
        Path dir = dirs.resolve("short");
        try (RunFiles files = RunFiles.create(dir, loaded)) {
            RunMetrics metrics = new RunMetrics(4);
            files.write(metrics.addEpisode(0, episode(0, 1)));
            files.markResumePoint(metrics);
        }
        Files.writeString(dir.resolve(RunFiles.EPISODES), "");

        assertThat(RunFiles.readResumePoint(dir, 4)).isEmpty();
        Files.writeString(dir.resolve(RunFiles.RESUME_POINT), "not numbers\n");
        assertThat(RunFiles.readResumePoint(dir, 4)).isEmpty();
    }
}
