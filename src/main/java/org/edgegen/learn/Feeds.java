package org.edgegen.learn;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** The input tensors of one session run; closing it frees them (native memory is not garbage-collected). */
final class Feeds implements AutoCloseable {

    private final List<Operand<?>> targets = new ArrayList<>();
    private final List<Tensor> tensors = new ArrayList<>();

    /** Feeds {@code values} as a [rows, columns] float tensor (or [rows] when columns is 0 for a vector). */
    Feeds floats(Operand<TFloat32> placeholder, float[] values, int rows, int columns) {
        Shape shape = columns == 0 ? Shape.of(rows) : Shape.of(rows, columns);
        return add(placeholder, TFloat32.tensorOf(shape, DataBuffers.of(values, true, false)));
    }

    /** Feeds a float scalar. */
    Feeds scalar(Operand<TFloat32> placeholder, float value) {
        return add(placeholder, TFloat32.scalarOf(value));
    }

    Feeds ints(Operand<TInt32> placeholder, int[] values) {
        return add(placeholder, TInt32.tensorOf(Shape.of(values.length), DataBuffers.of(values, true, false)));
    }

    private Feeds add(Operand<?> placeholder, Tensor tensor) {
        targets.add(placeholder);
        tensors.add(tensor);
        return this;
    }

    Session.Runner runner(Session session) {
        Session.Runner runner = session.runner();
        for (int i = 0; i < targets.size(); i++) {
            runner.feed(targets.get(i), tensors.get(i));
        }
        return runner;
    }

    @Override
    public void close() {
        for (Tensor t : tensors) {
            t.close();
        }
        tensors.clear();
        targets.clear();
    }

    /** A fetched float tensor's values, row-major. */
    static float[] read(Tensor tensor) {
        TFloat32 t = (TFloat32) tensor;
        float[] values = new float[(int) t.shape().size()];
        t.copyTo(DataBuffers.of(values, false, false));
        return values;
    }

    static float scalar(Tensor tensor) {
        return ((TFloat32) tensor).getFloat();
    }
}
