package org.edgegen.learn;

import java.util.SplittableRandom;
import org.edgegen.model.random.RandomStreams;

/**
 * Initial weights drawn in Java, so a run's network is a pure function of its seed: W ~ N(0, (gain²/fan-in)),
 * biases 0. Hidden tanh layers use gain 1 (LeCun normal), the policy heads 0.01 (a near-uniform first policy, as
 * usual for PPO) and the value head 1.
 */
final class WeightInit {

    static final double HIDDEN_GAIN = 1.0;
    static final double POLICY_HEAD_GAIN = 0.01;
    static final double VALUE_HEAD_GAIN = 1.0;

    private WeightInit() {}

    static float[] weights(SplittableRandom random, int inputs, int outputs, double gain) {
        float[] w = new float[inputs * outputs];
        double std = gain / Math.sqrt(inputs);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (std * RandomStreams.gaussian(random));
        }
        return w;
    }
}
