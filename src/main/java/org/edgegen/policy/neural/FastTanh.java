package org.edgegen.policy.neural;

/**
 * tanh in float32 over a whole layer, as a rational function of x in a loop without branches that C2 vectorises:
 * the 13/6 minimax approximation on [-7.9053, 7.9053] that Eigen uses for float tanh (and so TensorFlow's CPU
 * kernels), with x clamped to that range, where tanh is 1 to float precision. Its error is a few float ulps; it
 * is deterministic and the same on every machine.
 */
final class FastTanh {

    private static final float CLAMP = 7.90531110763549805f;
    private static final float A1 = 4.89352455891786e-03f;
    private static final float A3 = 6.37261928875436e-04f;
    private static final float A5 = 1.48572235717979e-05f;
    private static final float A7 = 5.12229709037114e-08f;
    private static final float A9 = -8.60467152213735e-11f;
    private static final float A11 = 2.00018790482477e-13f;
    private static final float A13 = -2.76076847742355e-16f;
    private static final float B0 = 4.89352518554385e-03f;
    private static final float B2 = 2.26843463243900e-03f;
    private static final float B4 = 1.18534705686654e-04f;
    private static final float B6 = 1.19825839466702e-06f;

    private FastTanh() {}

    /** v[j] = tanh(v[j]) for j < length. */
    static void tanh(float[] v, int length) {
        for (int j = 0; j < length; j++) {
            float x = Math.max(-CLAMP, Math.min(CLAMP, v[j]));
            float x2 = x * x;
            float p = x2 * A13 + A11;
            p = x2 * p + A9;
            p = x2 * p + A7;
            p = x2 * p + A5;
            p = x2 * p + A3;
            p = x2 * p + A1;
            p = x * p;
            float q = x2 * B6 + B4;
            q = x2 * q + B2;
            q = x2 * q + B0;
            v[j] = p / q;
        }
    }

    /** tanh of one value, as {@link #tanh(float[], int)} computes it. */
    static float tanh(float value) {
        float[] one = {value};
        tanh(one, 1);
        return one[0];
    }
}
