package org.edgegen.learn;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The tanh hidden layers shared in shape by the actor and the critic, and helpers for their heads. */
final class Mlp {

    private Mlp() {}

    /** Hidden layers {@code <prefix>_hidden0..}, each {@code tanh(x·W + b)}; {@code root} is the root scope. */
    static List<Dense> hiddenLayers(Ops root, String prefix, int inputs, int[] hiddenSizes) {
        List<Dense> layers = new ArrayList<>();
        int in = inputs;
        for (int k = 0; k < hiddenSizes.length; k++) {
            layers.add(new Dense(root, prefix + "_hidden" + k, in, hiddenSizes[k]));
            in = hiddenSizes[k];
        }
        return layers;
    }

    static Operand<TFloat32> forward(Ops tf, List<Dense> hidden, Operand<TFloat32> x) {
        Operand<TFloat32> h = x;
        for (Dense layer : hidden) {
            h = tf.math.tanh(layer.apply(tf, h));
        }
        return h;
    }
}
