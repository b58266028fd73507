package org.edgegen.learn;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * One fully connected layer {@code x·W + b} in a graph: its two variables and the placeholder-fed assignments that
 * load values into them from Java (initial weights, a policy snapshot).
 *
 * <p>The variables sit at the graph's root scope with flat names ({@code actor_hidden0_weights}), which are also
 * their checkpoint keys. (Flat names matter for tensorflow-framework's optimizers too: they name a slot
 * {@code <variable op name>-m}, and reject the name if the variable's has a '/'.)
 */
final class Dense {

    final String name;
    final int inputs;
    final int outputs;
    final Variable<TFloat32> weights;
    final Variable<TFloat32> biases;
    final Placeholder<TFloat32> newWeights;
    final Placeholder<TFloat32> newBiases;
    final Assign<TFloat32> loadWeights;
    final Assign<TFloat32> loadBiases;

    /**
     * @param root ops at the graph's root scope
     * @param name the layer's name, e.g. {@code actor_hidden0}
     */
    Dense(Ops root, String name, int inputs, int outputs) {
        this.name = name;
        this.inputs = inputs;
        this.outputs = outputs;
        this.weights = root.withName(name + "_weights").variable(Shape.of(inputs, outputs), TFloat32.class);
        this.biases = root.withName(name + "_biases").variable(Shape.of(outputs), TFloat32.class);
        this.newWeights = root.withName(name + "_new_weights").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(inputs, outputs)));
        this.newBiases = root.withName(name + "_new_biases").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(outputs)));
        this.loadWeights = root.withName(name + "_load_weights").assign(weights, newWeights);
        this.loadBiases = root.withName(name + "_load_biases").assign(biases, newBiases);
    }

    Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
        return tf.math.add(tf.linalg.matMul(x, weights), biases);
    }
}
