package org.edgegen.learn;

import com.google.protobuf.ByteString;
import com.google.protobuf.Value;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.edgegen.learn.hparams.DataType;
import org.edgegen.learn.hparams.DatasetType;
import org.edgegen.learn.hparams.Experiment;
import org.edgegen.learn.hparams.HParamInfo;
import org.edgegen.learn.hparams.HParamsPluginData;
import org.edgegen.learn.hparams.MetricInfo;
import org.edgegen.learn.hparams.MetricName;
import org.edgegen.learn.hparams.SessionEndInfo;
import org.edgegen.learn.hparams.SessionStartInfo;
import org.edgegen.learn.hparams.Status;
import org.edgegen.training.CurveWriter;
import org.edgegen.training.RunDescription;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.summary.SummaryWriter;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.Summary;
import org.tensorflow.proto.SummaryMetadata;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * Writes scalar curves as TensorBoard event files ({@code events.out.tfevents.*}) with TensorFlow's own summary
 * ops. The small graph (writer resource, create, write-scalar, flush, close) is built once; each scalar is one run
 * that feeds its step, tag and value; {@code report} writes its curves through it as a {@link CurveWriter}.
 *
 * <p>{@link #describe} writes, as serialized {@code Summary} protos, what TensorBoard's own Python summaries
 * ({@code tensorboard.plugins.hparams.summary}, {@code tf.summary.text}) write: under the plugin {@value #HPARAMS}
 * the experiment (every hyper-parameter's name and type, every curve's tag as a metric) and the session's start (its
 * hyper-parameters' values), each an {@link HParamsPluginData} of version 0 in the value's plugin data, with an
 * empty float tensor; under the plugin {@value #TEXT} the configuration as a markdown code block in a string
 * tensor. {@link #end} writes the session's end (its status) and a text record of how the run ended. The messages
 * of the hparams plugin are compiled from {@code src/main/proto/tensorboard/plugins/hparams}.
 * Not thread-safe.
 */
public final class TensorBoardWriter implements CurveWriter {

    /** Events waiting in the writer's queue before it writes them out on its own. */
    private static final int MAX_QUEUE = 100;
    private static final int FLUSH_MILLIS = 10_000;
    private static final String FILE_SUFFIX = ".edgegen";
    private static final AtomicLong WRITERS = new AtomicLong();

    /** The plugin of TensorBoard's HPARAMS tab. */
    public static final String HPARAMS = "hparams";
    /** The plugin of TensorBoard's TEXT tab. */
    public static final String TEXT = "text";
    /** The tag of the experiment's description (hyper-parameters and metrics). */
    public static final String EXPERIMENT_TAG = "_hparams_/experiment";
    /** The tag of the session's start (its hyper-parameters' values). */
    public static final String SESSION_START_TAG = "_hparams_/session_start_info";
    /** The tag of the session's end (its status). */
    public static final String SESSION_END_TAG = "_hparams_/session_end_info";
    /** The tag of the text record that names how the run ended. */
    public static final String STATUS_TAG = "status";
    /** The schema version of the hparams plugin data, the only one TensorBoard reads. */
    private static final int HPARAMS_VERSION = 0;
    private static final Pattern BACKTICKS = Pattern.compile("`+");

    private final Path logDir;
    private final Graph graph;
    private final Session session;
    private final Placeholder<TInt64> step;
    private final Placeholder<TString> tag;
    private final Placeholder<TFloat32> value;
    private final Placeholder<TString> summary;
    private final Op write;
    private final Op writeSummary;
    private final Op flush;
    private final Op closeWriter;
    private boolean closed;

    /** Creates {@code logDir} if needed and opens a new event file in it (an existing one is left as it is). */
    public TensorBoardWriter(Path logDir) {
        this.logDir = logDir;
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + logDir, e);
        }
        Graph g = new Graph();
        Session s = null;
        try {
            Ops tf = Ops.create(g);
            // A name of its own: writers of one process must not share the resource.
            Operand<? extends TType> writer = tf.summary.summaryWriter(
                    SummaryWriter.sharedName("edgegen_events_" + WRITERS.incrementAndGet()));
            Op create = tf.summary.createSummaryFileWriter(writer,
                    tf.constant(logDir.toAbsolutePath().toString()), tf.constant(MAX_QUEUE),
                    tf.constant(FLUSH_MILLIS), tf.constant(FILE_SUFFIX));
            this.step = tf.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
            this.tag = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
            this.value = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
            this.write = tf.summary.writeScalarSummary(writer, step, tag, value);
            this.summary = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
            this.writeSummary = tf.summary.writeRawProtoSummary(writer, step, summary);
            this.flush = tf.summary.flushSummaryWriter(writer);
            this.closeWriter = tf.summary.closeSummaryWriter(writer);
            s = new Session(g, ConfigProto.newBuilder().setIntraOpParallelismThreads(1)
                    .setInterOpParallelismThreads(1).build());
            s.runner().addTarget(create).run().close();
        } catch (RuntimeException e) {
            if (s != null) {
                s.close();
            }
            g.close();
            throw e;
        }
        this.graph = g;
        this.session = s;
    }

    public Path logDir() {
        return logDir;
    }

    /** Queues one point of the curve {@code name}. */
    public void scalar(String name, long stepNumber, double scalar) {
        checkOpen();
        try (TInt64 s = TInt64.scalarOf(stepNumber);
                TString t = TString.scalarOf(name);
                TFloat32 v = TFloat32.scalarOf((float) scalar)) {
            session.runner().feed(step, s).feed(tag, t).feed(value, v).addTarget(write).run().close();
        }
    }

    /**
     * Writes the run's hyper-parameters for the HPARAMS tab (the experiment and the session's start) and its
     * configuration for the TEXT tab, at the run's first step, then writes them out.
     */
    @Override
    public void describe(RunDescription run) {
        checkOpen();
        double now = System.currentTimeMillis() / 1000.0;
        Experiment.Builder experiment = Experiment.newBuilder().setTimeCreatedSecs(now);
        SessionStartInfo.Builder start = SessionStartInfo.newBuilder().setStartTimeSecs(now)
                .setModelUri(run.checkpoints());
        run.hparams().forEach((name, hparam) -> {
            experiment.addHparamInfos(HParamInfo.newBuilder().setName(name).setType(type(hparam)));
            start.putHparams(name, value(hparam));
        });
        run.metricTags().forEach(metric -> experiment.addMetricInfos(MetricInfo.newBuilder()
                .setName(MetricName.newBuilder().setTag(metric)).setDatasetType(DatasetType.DATASET_TRAINING)));
        write(run.step(), hparams(EXPERIMENT_TAG, HParamsPluginData.newBuilder().setExperiment(experiment)));
        write(run.step(), hparams(SESSION_START_TAG, HParamsPluginData.newBuilder().setSessionStartInfo(start)));
        write(run.step(), text(run.configName(), codeBlock(run.configText())));
        flush();
    }

    /**
     * Writes the session's end for the HPARAMS tab (TensorBoard's statuses are Success and Failure; it has none
     * for an interrupted run, which gets none, see {@link CurveWriter#end}) and the {@value #STATUS_TAG} text.
     */
    @Override
    public void end(Ending ending, String status, long stepNumber) {
        checkOpen();
        write(stepNumber, text(STATUS_TAG, status));
        if (ending != Ending.INTERRUPTED) {
            write(stepNumber, hparams(SESSION_END_TAG, HParamsPluginData.newBuilder().setSessionEndInfo(
                    SessionEndInfo.newBuilder().setStatus(status(ending))
                            .setEndTimeSecs(System.currentTimeMillis() / 1000.0))));
        }
        flush();
    }

    /** TensorBoard's status of a session that ended so. */
    static Status status(Ending ending) {
        return switch (ending) {
            case COMPLETE -> Status.STATUS_SUCCESS;
            case FAILED -> Status.STATUS_FAILURE;
            case INTERRUPTED -> Status.STATUS_UNKNOWN;
        };
    }

    /** A value of the text plugin: a markdown string tensor. */
    private static Summary.Value text(String tagName, String markdown) {
        return Summary.Value.newBuilder().setTag(tagName)
                .setMetadata(SummaryMetadata.newBuilder().setDisplayName(tagName)
                        .setPluginData(SummaryMetadata.PluginData.newBuilder().setPluginName(TEXT)))
                .setTensor(TensorProto.newBuilder().setDtype(org.tensorflow.proto.DataType.DT_STRING)
                        .setTensorShape(TensorShapeProto.getDefaultInstance())
                        .addStringVal(ByteString.copyFromUtf8(markdown)))
                .build();
    }

    /** A value of the hparams plugin, with the empty float tensor TensorBoard's own summaries carry. */
    private static Summary.Value hparams(String tagName, HParamsPluginData.Builder data) {
        return Summary.Value.newBuilder().setTag(tagName)
                .setMetadata(SummaryMetadata.newBuilder().setPluginData(SummaryMetadata.PluginData.newBuilder()
                        .setPluginName(HPARAMS)
                        .setContent(data.setVersion(HPARAMS_VERSION).build().toByteString())))
                .setTensor(TensorProto.newBuilder().setDtype(org.tensorflow.proto.DataType.DT_FLOAT)
                        .setTensorShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder()
                                .setSize(0))))
                .build();
    }

    private static DataType type(Object hparam) {
        return hparam instanceof Boolean ? DataType.DATA_TYPE_BOOL
                : hparam instanceof Double ? DataType.DATA_TYPE_FLOAT64 : DataType.DATA_TYPE_STRING;
    }

    private static Value value(Object hparam) {
        return hparam instanceof Boolean b ? Value.newBuilder().setBoolValue(b).build()
                : hparam instanceof Double d ? Value.newBuilder().setNumberValue(d).build()
                : Value.newBuilder().setStringValue((String) hparam).build();
    }

    /** The text as a fenced markdown code block, its fence longer than any run of backticks in it. */
    static String codeBlock(String text) {
        int longest = 2;
        Matcher m = BACKTICKS.matcher(text);
        while (m.find()) {
            longest = Math.max(longest, m.group().length());
        }
        String fence = "`".repeat(longest + 1);
        return fence + "\n" + text + (text.endsWith("\n") ? "" : "\n") + fence + "\n";
    }

    /** Queues one summary event. */
    private void write(long stepNumber, Summary.Value one) {
        byte[] bytes = Summary.newBuilder().addValue(one).build().toByteArray();
        try (TInt64 s = TInt64.scalarOf(stepNumber);
                TString proto = TString.tensorOfBytes(NdArrays.scalarOfObject(bytes))) {
            session.runner().feed(step, s).feed(summary, proto).addTarget(writeSummary).run().close();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the TensorBoard writer of " + logDir + " is closed");
        }
    }

    /** Queues one point of each curve, in the map's order, then writes them out. */
    @Override
    public void scalars(long stepNumber, Map<String, Double> points) {
        points.forEach((name, scalar) -> scalar(name, stepNumber, scalar));
        flush();
    }

    /** Writes the queued events to the file. */
    public void flush() {
        if (!closed) {
            session.runner().addTarget(flush).run().close();
        }
    }

    /** Flushes and closes the event file, then frees the graph; safe to call more than once. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            session.runner().addTarget(closeWriter).run().close();
        } finally {
            try {
                session.close();
            } finally {
                graph.close();
            }
        }
    }
}
