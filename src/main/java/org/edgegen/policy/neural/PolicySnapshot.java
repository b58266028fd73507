package org.edgegen.policy.neural;

import java.util.Arrays;

/**
 * One version of the OSI actor network's weights, immutable, as the learner publishes it and every user keeps its
 * copy. Layout: hidden tanh layers {@code 0..H-1}, then the linear heads x (2 logits: local, offload), y
 * ({@code serverChoices} logits) and c ({@code stepChoices} logits). Layer k maps {@code in_k} inputs to
 * {@code out_k} outputs with {@code weights[k]} stored input-major ({@code w[i·out_k + j]}, i.e. a row-major
 * {@code [in_k, out_k]} matrix as in {@code x·W}) and {@code biases[k]} of length {@code out_k}.
 *
 * <p>Arrays are copied in and out, so a snapshot can be shared between users and threads.
 *
 * @param version       the policy version (0 for the initial weights, +1 per learner update)
 * @param featureCount  the observation length the network reads (42 by default)
 * @param hiddenSizes   sizes of the hidden layers
 * @param serverChoices logits of the y head (mdp.max-candidates)
 * @param stepChoices   logits of the c head (|C|)
 * @param weights       H + 3 weight matrices, input-major
 * @param biases        H + 3 bias vectors
 */
public record PolicySnapshot(
        long version,
        int featureCount,
        int[] hiddenSizes,
        int serverChoices,
        int stepChoices,
        float[][] weights,
        float[][] biases) {

    /** Logits of the x head: local and offload. */
    public static final int OFFLOAD_CHOICES = 2;

    public PolicySnapshot {
        hiddenSizes = hiddenSizes.clone();
        weights = deepCopy(weights);
        biases = deepCopy(biases);
        if (featureCount < 1 || serverChoices < 1 || stepChoices < 1 || hiddenSizes.length == 0) {
            throw new IllegalArgumentException("a snapshot needs features, hidden layers, servers and steps");
        }
        int layers = hiddenSizes.length + 3;
        if (weights.length != layers || biases.length != layers) {
            throw new IllegalArgumentException("expected " + layers + " weight matrices and bias vectors, got "
                    + weights.length + " and " + biases.length);
        }
        for (int k = 0; k < layers; k++) {
            int in = k == 0 ? featureCount : hiddenSizes[Math.min(k, hiddenSizes.length) - 1];
            int out = outputs(k, hiddenSizes, serverChoices, stepChoices);
            if (weights[k].length != in * out || biases[k].length != out) {
                throw new IllegalArgumentException("layer " + k + " must be " + in + "x" + out + " with " + out
                        + " biases, got " + weights[k].length + " weights and " + biases[k].length + " biases");
            }
        }
    }

    private static int outputs(int layer, int[] hidden, int servers, int steps) {
        if (layer < hidden.length) {
            return hidden[layer];
        }
        return switch (layer - hidden.length) {
            case 0 -> OFFLOAD_CHOICES;
            case 1 -> servers;
            default -> steps;
        };
    }

    /** Number of layers with weights: the hidden layers plus the three heads. */
    public int layerCount() {
        return hiddenSizes.length + 3;
    }

    /** Inputs of layer k. */
    public int inputsOf(int layer) {
        return layer == 0 ? featureCount : hiddenSizes[Math.min(layer, hiddenSizes.length) - 1];
    }

    /** Outputs of layer k. */
    public int outputsOf(int layer) {
        return outputs(layer, hiddenSizes, serverChoices, stepChoices);
    }

    /** The same weights under another version number. */
    public PolicySnapshot withVersion(long newVersion) {
        return new PolicySnapshot(newVersion, featureCount, hiddenSizes, serverChoices, stepChoices, weights, biases);
    }

    @Override
    public int[] hiddenSizes() {
        return hiddenSizes.clone();
    }

    @Override
    public float[][] weights() {
        return deepCopy(weights);
    }

    @Override
    public float[][] biases() {
        return deepCopy(biases);
    }

    /** A copy of the weights of one layer. */
    public float[] weights(int layer) {
        return weights[layer].clone();
    }

    /** A copy of the biases of one layer. */
    public float[] biases(int layer) {
        return biases[layer].clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PolicySnapshot other
                && version == other.version
                && featureCount == other.featureCount
                && serverChoices == other.serverChoices
                && stepChoices == other.stepChoices
                && Arrays.equals(hiddenSizes, other.hiddenSizes)
                && Arrays.deepEquals(weights, other.weights)
                && Arrays.deepEquals(biases, other.biases);
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(version);
        h = 31 * h + featureCount;
        h = 31 * h + Arrays.hashCode(hiddenSizes);
        h = 31 * h + serverChoices;
        h = 31 * h + stepChoices;
        h = 31 * h + Arrays.deepHashCode(weights);
        return 31 * h + Arrays.deepHashCode(biases);
    }

    @Override
    public String toString() {
        return "PolicySnapshot[version=" + version + ", features=" + featureCount + ", hidden="
                + Arrays.toString(hiddenSizes) + ", servers=" + serverChoices + ", steps=" + stepChoices + "]";
    }

    private static float[][] deepCopy(float[][] arrays) {
        float[][] copy = new float[arrays.length][];
        for (int i = 0; i < arrays.length; i++) {
            copy[i] = arrays[i].clone();
        }
        return copy;
    }
}
