package org.edgegen.learn;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Adam (Kingma and Ba, 2015) in a graph, on TensorFlow's {@code ApplyAdam} kernel, with the β powers advanced only
 * after every variable has taken its step.
 *
 * <p>Why not {@code org.tensorflow.framework.optimizers.Adam}: in tensorflow-framework 1.1.0 its {@code finish}
 * adds the {@code beta1_power}/{@code beta2_power} assignments next to the {@code ApplyAdam} ops without a control
 * dependency, so some variables read the power of step t and others that of t + 1. Updates then differ from run to
 * run (by about 1e-3 relative after a few steps), which breaks reproducibility and bit-identical resumption.
 *
 * <p>Variables: per trained variable {@code <name>_adam_m} and {@code <name>_adam_v} (zeros), and
 * {@code adam_beta1_power}, {@code adam_beta2_power} (β1, β2); all start from graph initializers and are saved in
 * checkpoints like any variable.
 */
final class OrderedAdam {

    static final float BETA1 = 0.9f;
    static final float BETA2 = 0.999f;
    static final float EPSILON = 1e-8f;

    private OrderedAdam() {}

    /**
     * The op that applies one Adam step of {@code gradients} to {@code variables} (same order), then advances the
     * β powers.
     */
    static Op minimise(Ops tf, List<Variable<TFloat32>> variables, List<Operand<TFloat32>> gradients,
            Operand<TFloat32> learningRate, String name) {
        Ops init = tf.withInitScope();
        Variable<TFloat32> beta1Power = scalar(init, "adam_beta1_power", BETA1);
        Variable<TFloat32> beta2Power = scalar(init, "adam_beta2_power", BETA2);
        Ops adam = tf.withSubScope(name);
        Operand<TFloat32> lr = learningRate;
        Operand<TFloat32> beta1 = adam.constant(BETA1);
        Operand<TFloat32> beta2 = adam.constant(BETA2);
        Operand<TFloat32> epsilon = adam.constant(EPSILON);
        List<Op> steps = new ArrayList<>();
        for (int i = 0; i < variables.size(); i++) {
            Variable<TFloat32> variable = variables.get(i);
            String variableName = variable.op().name();
            Shape shape = variable.shape();
            Variable<TFloat32> m = zeros(init, variableName + "_adam_m", shape);
            Variable<TFloat32> v = zeros(init, variableName + "_adam_v", shape);
            steps.add(adam.train.applyAdam(variable, m, v, beta1Power, beta2Power, lr, beta1, beta2, epsilon,
                    gradients.get(i)));
        }
        Ops afterSteps = adam.withControlDependencies(steps);
        Op advance1 = afterSteps.assign(beta1Power, afterSteps.math.mul(beta1Power, beta1));
        Op advance2 = afterSteps.assign(beta2Power, afterSteps.math.mul(beta2Power, beta2));
        return tf.withName(name).withControlDependencies(List.of(advance1, advance2)).noOp();
    }

    private static Variable<TFloat32> scalar(Ops init, String name, float value) {
        Variable<TFloat32> variable = init.withName(name).variable(Shape.scalar(), TFloat32.class);
        init.assign(variable, init.constant(value));
        return variable;
    }

    private static Variable<TFloat32> zeros(Ops init, String name, Shape shape) {
        Variable<TFloat32> variable = init.withName(name).variable(shape, TFloat32.class);
        init.assign(variable, init.zeros(init.constant(shape.asArray()), TFloat32.class));
        return variable;
    }
}
