package org.edgegen.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Value;
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
import org.edgegen.learn.hparams.DataType;
import org.edgegen.learn.hparams.DatasetType;
import org.edgegen.learn.hparams.Experiment;
import org.edgegen.learn.hparams.HParamsPluginData;
import org.edgegen.learn.hparams.MetricInfo;
import org.edgegen.learn.hparams.SessionEndInfo;
import org.edgegen.learn.hparams.SessionStartInfo;
import org.edgegen.learn.hparams.Status;
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
        try (TrainFiles files = TrainFiles.create(dir, TINY, 7, TensorBoardWriter::new)) {
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

    /** Reads a TFRecord file of Event protos. */
    private static List<Event> events(Path file) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<Event> events = new ArrayList<>();
        while (in.remaining() > 0) {
            int length = (int) in.getLong();
            in.getInt(); // masked CRC of the length
            byte[] data = new byte[length];
            in.get(data);
            in.getInt(); // masked CRC of the data
            events.add(Event.parseFrom(data));
        }
        return events;
    }

    /** The plugin a summary value belongs to ("" for a plain simple value). */
    private static String plugin(Summary.Value value) {
        return value.getMetadata().getPluginData().getPluginName();
    }

    private static boolean isDescription(Summary.Value value) {
        return plugin(value).equals(TensorBoardWriter.HPARAMS) || plugin(value).equals(TensorBoardWriter.TEXT);
    }

    /** The scalar curves of a TFRecord file of Event protos: tag -> step -> value. */
    private static Map<String, Map<Long, Float>> scalars(Path file) throws IOException {
        Map<String, Map<Long, Float>> curves = new LinkedHashMap<>();
        for (Event event : events(file)) {
            for (Summary.Value value : event.getSummary().getValueList()) {
                if (isDescription(value)) {
                    continue;
                }
                float scalar = value.getValueCase() == Summary.Value.ValueCase.SIMPLE_VALUE ? value.getSimpleValue()
                        : value.getTensor().getTensorContent().isEmpty() ? value.getTensor().getFloatVal(0)
                        : value.getTensor().getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN)
                                .getFloat();
                curves.computeIfAbsent(value.getTag(), t -> new LinkedHashMap<>()).put(event.getStep(), scalar);
            }
        }
        return curves;
    }

    /** The values of the hparams and text plugins in a file, by tag, each with its event's step. */
    private static Map<String, Map.Entry<Long, Summary.Value>> descriptions(Path file) throws IOException {
        Map<String, Map.Entry<Long, Summary.Value>> found = new LinkedHashMap<>();
        for (Event event : events(file)) {
            for (Summary.Value value : event.getSummary().getValueList()) {
                if (isDescription(value)) {
                    assertThat(found.put(value.getTag(), Map.entry(event.getStep(), value))).as(value.getTag())
                            .isNull();
                }
            }
        }
        return found;
    }

    private static Path onlyFile(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            List<Path> files = list.toList();
            assertThat(files).hasSize(1);
            return files.get(0);
        }
    }

    @Test
    void theEventsDescribeTheRunForTensorBoardsHparamsTabBeforeItsFirstScalar(@TempDir Path dir)
            throws IOException {
        train(dir, 0, 2);
        Path file = onlyFile(dir.resolve("tensorboard"));

        List<String> order = new ArrayList<>();
        for (Event event : events(file)) {
            event.getSummary().getValueList().forEach(v -> order.add(isDescription(v) ? v.getTag() : "scalar"));
        }
        assertThat(order.subList(0, 4)).containsExactly(TensorBoardWriter.EXPERIMENT_TAG,
                TensorBoardWriter.SESSION_START_TAG, "config.conf", "scalar");
        Map<String, Map.Entry<Long, Summary.Value>> described = descriptions(file);
        List.of(TensorBoardWriter.EXPERIMENT_TAG, TensorBoardWriter.SESSION_START_TAG, "config.conf")
                .forEach(tag -> assertThat(described.get(tag).getKey()).as("step of " + tag).isZero());

        Summary.Value experimentValue = described.get(TensorBoardWriter.EXPERIMENT_TAG).getValue();
        assertThat(plugin(experimentValue)).isEqualTo("hparams");
        assertThat(experimentValue.getTensor().getTensorShape().getDim(0).getSize()).isZero();
        HParamsPluginData experimentData = HParamsPluginData.parseFrom(
                experimentValue.getMetadata().getPluginData().getContent());
        assertThat(experimentData.getVersion()).isZero();
        Experiment experiment = experimentData.getExperiment();
        Map<String, DataType> types = new LinkedHashMap<>();
        experiment.getHparamInfosList().forEach(info -> types.put(info.getName(), info.getType()));
        List<String> learnerKeys = TINY.resolved().getConfig("edgegen.learner").root().keySet().stream()
                .map(key -> "learner." + key).sorted().toList();
        assertThat(learnerKeys).contains("learner.learning-rate", "learner.hidden-sizes", "learner.credit");
        assertThat(types.keySet()).startsWith("seed", "cells").containsAll(learnerKeys)
                .containsAll(TrainFiles.HPARAMS.subList(1, TrainFiles.HPARAMS.size()))
                .hasSize(2 + learnerKeys.size() + TrainFiles.HPARAMS.size() - 1);
        assertThat(types).containsEntry("seed", DataType.DATA_TYPE_FLOAT64)
                .containsEntry("learner.learning-rate", DataType.DATA_TYPE_FLOAT64)
                .containsEntry("learner.hidden-sizes", DataType.DATA_TYPE_STRING)
                .containsEntry("topology.layout", DataType.DATA_TYPE_STRING);
        assertThat(experiment.getMetricInfosList()).extracting(m -> m.getName().getTag())
                .containsExactlyElementsOf(TrainFiles.CURVE_TAGS)
                .containsExactlyElementsOf(scalars(file).keySet());
        assertThat(experiment.getMetricInfosList()).extracting(MetricInfo::getDatasetType)
                .containsOnly(DatasetType.DATASET_TRAINING);

        SessionStartInfo start = HParamsPluginData.parseFrom(described.get(TensorBoardWriter.SESSION_START_TAG)
                .getValue().getMetadata().getPluginData().getContent()).getSessionStartInfo();
        Map<String, Value> hparams = start.getHparamsMap();
        assertThat(hparams.keySet()).containsExactlyInAnyOrderElementsOf(types.keySet());
        assertThat(hparams.get("seed").getNumberValue()).isEqualTo(7.0);
        assertThat(hparams.get("cells").getNumberValue()).isEqualTo(2.0);
        assertThat(hparams.get("users.count").getNumberValue()).isEqualTo(4.0);
        assertThat(hparams.get("scenario-name").getStringValue()).isEqualTo("tiny");
        assertThat(hparams.get("edge.gpus").getStringValue()).isEqualTo("[A100,T4]");
        assertThat(hparams.get("learner.learning-rate").getNumberValue()).isEqualTo(TINY.learner().learningRate());
        assertThat(hparams.get("learner.hidden-sizes").getStringValue()).isEqualTo("[128,128]");
        assertThat(start.getModelUri()).isEqualTo(dir.resolve("checkpoints").toAbsolutePath().toString());

        Summary.Value text = described.get("config.conf").getValue();
        assertThat(plugin(text)).isEqualTo("text");
        assertThat(text.getTensor().getDtype()).isEqualTo(org.tensorflow.proto.DataType.DT_STRING);
        assertThat(text.getTensor().getTensorShape().getDimCount()).as("a scalar").isZero();
        assertThat(text.getTensor().getStringVal(0).toStringUtf8())
                .isEqualTo("```\n" + Files.readString(dir.resolve("config.conf")) + "```\n");
    }

    /** The session end of an event file, if it has one. */
    private static java.util.Optional<SessionEndInfo> sessionEnd(Path file) throws IOException {
        Map.Entry<Long, Summary.Value> end = descriptions(file).get(TensorBoardWriter.SESSION_END_TAG);
        if (end == null) {
            return java.util.Optional.empty();
        }
        assertThat(plugin(end.getValue())).isEqualTo("hparams");
        HParamsPluginData data = HParamsPluginData.parseFrom(end.getValue().getMetadata().getPluginData()
                .getContent());
        assertThat(data.getVersion()).isZero();
        assertThat(data.getDataCase()).isEqualTo(HParamsPluginData.DataCase.SESSION_END_INFO);
        return java.util.Optional.of(data.getSessionEndInfo());
    }

    private static String statusText(Path file) throws IOException {
        Summary.Value status = descriptions(file).get(TensorBoardWriter.STATUS_TAG).getValue();
        assertThat(plugin(status)).isEqualTo("text");
        return status.getTensor().getStringVal(0).toStringUtf8();
    }

    @Test
    void theEventsEndWithTheRunsStatusSuccessFailureOrForAnInterruptedRunOnlyTheText(@TempDir Path dir)
            throws IOException {
        double before = System.currentTimeMillis() / 1000.0;
        Path complete = dir.resolve("complete");
        try (TrainFiles files = TrainFiles.create(complete, TINY, 7, TensorBoardWriter::new)) {
            for (int e = 0; e < 3; e++) {
                files.write(row(e));
            }
            files.end(RunStatus.COMPLETE);
            assertThatThrownBy(() -> files.end(RunStatus.COMPLETE)).isInstanceOf(IllegalStateException.class);
        }
        Path file = onlyFile(complete.resolve("tensorboard"));
        SessionEndInfo end = sessionEnd(file).orElseThrow();
        assertThat(end.getStatus()).isEqualTo(Status.STATUS_SUCCESS);
        assertThat(end.getEndTimeSecs()).isBetween(before - 1, System.currentTimeMillis() / 1000.0 + 1);
        assertThat(descriptions(file).get(TensorBoardWriter.SESSION_END_TAG).getKey()).as("the last episode")
                .isEqualTo(2L);
        assertThat(statusText(file)).isEqualTo("complete, 3 episodes done");
        List<String> order = new ArrayList<>();
        for (Event event : events(file)) {
            event.getSummary().getValueList().forEach(v -> order.add(isDescription(v) ? v.getTag() : "scalar"));
        }
        assertThat(order.subList(order.size() - 3, order.size())).containsExactly("scalar",
                TensorBoardWriter.STATUS_TAG, TensorBoardWriter.SESSION_END_TAG);

        for (String stopped : List.of(RunStatus.INTERRUPTED, RunStatus.CANCELLED)) {
            Path run = dir.resolve(stopped);
            try (TrainFiles files = TrainFiles.create(run, TINY, 7, TensorBoardWriter::new)) {
                files.write(row(0));
                files.end(stopped);
            }
            Path events = onlyFile(run.resolve("tensorboard"));
            assertThat(sessionEnd(events)).as("resumable: TensorBoard would keep a first end").isEmpty();
            assertThat(statusText(events)).isEqualTo(stopped + ", 1 episode done");
        }

        // a run closed without its end, by an error, is written as failed
        Path failed = dir.resolve("failed");
        assertThatThrownBy(() -> {
            try (TrainFiles files = TrainFiles.create(failed, TINY, 7, TensorBoardWriter::new)) {
                files.write(row(0));
                files.write(row(1));
                throw new IllegalStateException("the learner broke");
            }
        }).hasMessage("the learner broke");
        Path events = onlyFile(failed.resolve("tensorboard"));
        assertThat(sessionEnd(events).orElseThrow().getStatus()).isEqualTo(Status.STATUS_FAILURE);
        assertThat(statusText(events)).isEqualTo("failed, 2 episodes done");
    }

    @Test
    void aResumedRunKeepsTheRowsBeforeItsFirstEpisodeAndAppendsAfterThem(@TempDir Path dir) throws IOException {
        train(dir, 0, 5);
        List<String> before = Files.readAllLines(dir.resolve("train.csv"));

        try (TrainFiles files = TrainFiles.resume(dir, TINY, 7, dir, 3, TensorBoardWriter::new)) {
            assertThat(files.recent()).extracting(TrainSummary.Recent::episode).containsExactly(0, 1, 2);
            files.write(row(3));
        }

        List<String> after = Files.readAllLines(dir.resolve("train.csv"));
        assertThat(after).containsExactlyElementsOf(before.subList(0, 5));
        List<Path> eventFiles;
        try (Stream<Path> list = Files.list(dir.resolve("tensorboard"))) {
            eventFiles = list.sorted().toList();
        }
        assertThat(eventFiles).as("a new event file next to the old one").hasSize(2);
        List<Long> steps = new ArrayList<>();
        for (Path file : eventFiles) {
            steps.add(descriptions(file).get(TensorBoardWriter.SESSION_START_TAG).getKey());
        }
        assertThat(steps).as("each file describes the run at its first episode").containsExactlyInAnyOrder(0L, 3L);
    }

    @Test
    void aRunResumedIntoAnotherDirectoryStartsWithThePreviousRowsAndEvents(@TempDir Path previous,
            @TempDir Path next) throws IOException {
        train(previous, 0, 4);

        try (TrainFiles files = TrainFiles.resume(next, TINY, 7, previous, 2, TensorBoardWriter::new)) {
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
        try (TrainFiles files = TrainFiles.create(dir, TINY, 7, TensorBoardWriter::new)) {
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
