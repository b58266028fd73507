package org.edgegen.learn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.edgegen.training.CurveWriter;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.summary.SummaryWriter;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * Writes scalar curves as TensorBoard event files ({@code events.out.tfevents.*}) with TensorFlow's own summary
 * ops. The small graph (writer resource, create, write-scalar, flush, close) is built once; each scalar is one run
 * that feeds its step, tag and value; {@code report} writes its curves through it as a {@link CurveWriter}.
 * Not thread-safe.
 */
public final class TensorBoardWriter implements CurveWriter {

    /** Events waiting in the writer's queue before it writes them out on its own. */
    private static final int MAX_QUEUE = 100;
    private static final int FLUSH_MILLIS = 10_000;
    private static final String FILE_SUFFIX = ".edgegen";
    private static final AtomicLong WRITERS = new AtomicLong();

    private final Path logDir;
    private final Graph graph;
    private final Session session;
    private final Placeholder<TInt64> step;
    private final Placeholder<TString> tag;
    private final Placeholder<TFloat32> value;
    private final Op write;
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
        if (closed) {
            throw new IllegalStateException("the TensorBoard writer of " + logDir + " is closed");
        }
        try (TInt64 s = TInt64.scalarOf(stepNumber);
                TString t = TString.scalarOf(name);
                TFloat32 v = TFloat32.scalarOf((float) scalar)) {
            session.runner().feed(step, s).feed(tag, t).feed(value, v).addTarget(write).run().close();
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
