package org.edgegen.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.edgegen.config.LoadedScenario;
import org.edgegen.config.ScenarioLoader;
import org.edgegen.learn.TensorBoardWriter;
import org.edgegen.training.RunReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

class TrainFilesTest {

    private static final LoadedScenario TINY = ScenarioLoader.load(Path.of("conf/scenarios/tiny.conf"));

    /** A row whose every figure is derived from the episode number, so rows are easy to tell apart. */
    private static TrainRow row(int episode) {
        TaskStats stats = new TaskStats(10 + episode, 0.5 + episode, 2.0, 0.25, 0.125, 1.0 + episode, 5, 3, 1, 1, 0,
                0, 1, 0, 20);
        return new TrainRow(episode, episode, -1.5 - episode, stats, 2.75, -0.01, 40.0 + episode, 0.001);
    }

    private static void train(Path dir, int from, int to) throws IOException {
        try (TrainFiles files = TrainFiles.create(dir, TINY, TensorBoardWriter::new)) {
            for (int e = from; e < to; e++) {
                files.write(row(e));
            }
        }
    }

    @Test
    void trainCsvHasAHeaderAndOneRowPerEpisodeWithSharesOfTheTasks(@TempDir Path dir) throws IOException {
        train(dir, 0, 2);

        List<String> lines = Files.readAllLines(dir.resolve("train.csv"));
        assertThat(lines).containsExactly(
                "episode,policyVersion,meanReward,meanCost,meanDelaySeconds,meanEnergyJoules,meanError,meanPenalty,"
                        + "entropy,policyLoss,valueLoss,approxKl,tasks,localShare,homeShare,neighbourShare,"
                        + "failedShare",
                "0,0,-1.5,0.5,2.0,0.25,0.125,1.0,2.75,-0.01,40.0,0.001,10,0.5,0.3,0.1,0.1",
                "1,1,-2.5,1.5,2.0,0.25,0.125,2.0,2.75,-0.01,41.0,0.001,11,0.454545454545,0.272727272727,"
                        + "0.0909090909091,0.0909090909091");
        assertThat(dir.resolve("config.conf")).isNotEmptyFile();
    }

    @Test
    void theTensorBoardEventsHoldEveryScalarOfEveryEpisode(@TempDir Path dir) throws IOException {
        train(dir, 0, 3);

        List<Path> files;
        try (Stream<Path> list = Files.list(dir.resolve("tensorboard"))) {
            files = list.toList();
        }
        assertThat(files).hasSize(1);
        assertThat(files.get(0).getFileName().toString()).startsWith("events.out.tfevents.");
        Map<String, Map<Long, Float>> curves = scalars(files.get(0));
        assertThat(curves.keySet()).containsExactlyElementsOf(TrainFiles.scalars(row(0)).keySet());
        assertThat(curves.get("episode/mean_cost")).isEqualTo(Map.of(0L, 0.5f, 1L, 1.5f, 2L, 2.5f));
        assertThat(curves.get("episode/mean_reward").get(2L)).isEqualTo(-3.5f);
        assertThat(curves.get("update/value_loss").get(1L)).isEqualTo(41f);
        assertThat(curves.get("update/policy_version").get(2L)).isEqualTo(2f);
    }

    /** Reads a TFRecord file of Event protos: tag -> step -> value. */
    private static Map<String, Map<Long, Float>> scalars(Path file) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, Map<Long, Float>> curves = new LinkedHashMap<>();
        while (in.remaining() > 0) {
            int length = (int) in.getLong();
            in.getInt(); // masked CRC of the length
            byte[] data = new byte[length];
            in.get(data);
            in.getInt(); // masked CRC of the data
            Event event = Event.parseFrom(data);
            for (Summary.Value value : event.getSummary().getValueList()) {
                float scalar = value.getValueCase() == Summary.Value.ValueCase.SIMPLE_VALUE ? value.getSimpleValue()
                        : value.getTensor().getTensorContent().isEmpty() ? value.getTensor().getFloatVal(0)
                        : value.getTensor().getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN)
                                .getFloat();
                curves.computeIfAbsent(value.getTag(), t -> new LinkedHashMap<>()).put(event.getStep(), scalar);
            }
        }
        return curves;
    }

    @Test
    void aResumedRunKeepsTheRowsBeforeItsFirstEpisodeAndAppendsAfterThem(@TempDir Path dir) throws IOException {
        train(dir, 0, 5);
        List<String> before = Files.readAllLines(dir.resolve("train.csv"));

        try (TrainFiles files = TrainFiles.resume(dir, TINY, dir, 3, TensorBoardWriter::new)) {
            assertThat(files.recent()).extracting(TrainSummary.Recent::episode).containsExactly(0, 1, 2);
            files.write(row(3));
        }

        List<String> after = Files.readAllLines(dir.resolve("train.csv"));
        assertThat(after).containsExactlyElementsOf(before.subList(0, 5));
        try (Stream<Path> list = Files.list(dir.resolve("tensorboard"))) {
            assertThat(list.count()).as("a new event file next to the old one").isEqualTo(2);
        }
    }

    @Test
    void aRunResumedIntoAnotherDirectoryStartsWithThePreviousRowsAndEvents(@TempDir Path previous,
            @TempDir Path next) throws IOException {
        train(previous, 0, 4);

        try (TrainFiles files = TrainFiles.resume(next, TINY, previous, 2, TensorBoardWriter::new)) {
            files.write(row(2));
        }

        List<String> rows = Files.readAllLines(next.resolve("train.csv"));
        assertThat(rows).hasSize(4).containsExactlyElementsOf(Files.readAllLines(previous.resolve("train.csv"))
                .subList(0, 4));
        try (Stream<Path> list = Files.list(next.resolve("tensorboard"))) {
            assertThat(list.count()).isEqualTo(2);
        }
    }

    @Test
    void aNewRunRemovesTheCheckpointsEventsPolicyAndSummaryOfAnEarlierOne(@TempDir Path dir) throws IOException {
        for (String sub : List.of("checkpoints/latest", "tensorboard", "policy")) {
            Files.createDirectories(dir.resolve(sub));
            Files.writeString(dir.resolve(sub).resolve("old"), "old");
        }
        Files.writeString(dir.resolve("summary.json"), "{}");
        Files.writeString(dir.resolve("notes.txt"), "mine");

        train(dir, 0, 1);

        assertThat(dir.resolve("checkpoints")).doesNotExist();
        assertThat(dir.resolve("policy")).doesNotExist();
        assertThat(dir.resolve("tensorboard/old")).doesNotExist();
        assertThat(dir.resolve("summary.json")).doesNotExist();
        assertThat(dir.resolve("notes.txt")).hasContent("mine");
    }

    @Test
    void theSummaryHasTheRecentMeansAndEveryField(@TempDir Path dir) throws IOException {
        List<TrainSummary.Recent> recent = new ArrayList<>();
        for (int e = 5; e < 15; e++) {
            recent.add(TrainSummary.Recent.of(row(e)));
        }
        TrainSummary summary = new TrainSummary("tiny", 7, "direct", 4, 60, 5, 15, "complete", 15, 1234, recent,
                RunReport.CLEAN, 12.5, MachineInfo.current());
        try (TrainFiles files = TrainFiles.create(dir, TINY, TensorBoardWriter::new)) {
            files.writeSummary(summary);
        }

        JsonNode json = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        for (String field : List.of("scenario", "seed", "engine", "users", "slotsPerEpisode", "firstEpisode",
                "episodes", "finalPolicyVersion", "transitions", "recentEpisodes", "recentMeanCost",
                "recentMeanReward", "timeouts", "episodesRerun", "staleMessages", "wallSeconds", "machine")) {
            assertThat(json.has(field)).as(field).isTrue();
        }
        // Episodes 5..14: mean cost 0.5 + 9.5, mean reward -1.5 - 9.5.
        assertThat(json.get("recentMeanCost").asDouble()).isCloseTo(10.0, within(1e-12));
        assertThat(json.get("recentMeanReward").asDouble()).isCloseTo(-11.0, within(1e-12));
        assertThat(json.get("episodes").asInt()).isEqualTo(15);
        assertThat(summary.render()).contains("last 10 episodes").contains("mean cost 10.000000");
    }

    @Test
    void progressEtasReadAsHoursMinutesAndSeconds() {
        assertThat(TrainProgress.eta(42.4)).isEqualTo("42s");
        assertThat(TrainProgress.eta(125)).isEqualTo("2m05s");
        assertThat(TrainProgress.eta(3 * 3600 + 61)).isEqualTo("3h01m01s");
    }
}
