package org.edgegen.policy.neural;

import java.util.Arrays;

/**
 * One version of the OSI actor network's weights, immutable, as the learner publishes it and every user keeps its
 * copy. Layout: hidden tanh layers {@code 0..H-1}, then the linear heads x (2 logits: local, offload), y
 * ({@code serverChoices} logits) and c ({@code stepChoices} logits). Layer k maps {@code in_k} inputs to
 * {@code out_k} outputs with {@code weights[k]} stored input-major ({@code w[i·out_k + j]}, i.e. a row-major
 * {@code [in_k, out_k]} matrix as in {@code x·W}) and {@code biases[k]} of length {@code out_k}.
 *
 * <p>With K = {@code headExperts} > 1 experts per head, the K - 1 further experts follow the three heads, each as
 * x, y, c again (layers H + 3, H + 4, H + 5 for the second expert, and so on), and last the gate, a linear layer
 * from the observation's {@code gateWidth} regime features starting at {@code gateAt} to K logits (softmax gives the
 * experts' weights). With K = 1 the layout is the plain one, H + 3 layers.
 *
 * <p>With {@code trunkExperts} (K > 1, {@code edgegen.learner.expert-scope = trunk}) each expert is a whole actor:
 * layers 0..H+2 are the plain actor (expert 0), then each further expert's H hidden layers and x, y, c heads
 * (layers (H + 3)·k .. (H + 3)·k + H + 2 for expert k), and last the gate: (H + 3)·K + 1 layers.
 *
 * <p>Arrays are copied in and out, so a snapshot can be shared between users and threads.
 *
 * @param version       the policy version (0 for the initial weights, +1 per learner update)
 * @param featureCount  the observation length the network reads (42 by default)
 * @param hiddenSizes   sizes of the hidden layers
 * @param serverChoices logits of the y head (mdp.max-candidates)
 * @param stepChoices   logits of the c head (|C|)
 * @param weights       H + 3 weight matrices, input-major (H + 3K + 1 with K > 1 experts)
 * @param biases        H + 3 bias vectors (H + 3K + 1 with K > 1 experts)
 * @param headExperts   K, the linear experts of each head (1 = the plain heads; 0 is taken as 1)
 * @param gateAt        with K > 1, the first observation feature the gate reads; else 0
 * @param gateWidth     with K > 1, how many consecutive features the gate reads; else 0
 * @param trunkExperts  with K > 1, whether each expert is a whole actor (its own hidden layers) rather than linear
 *                      heads on the shared last hidden layer; false with K = 1
 */
public record PolicySnapshot(
        long version,
        int featureCount,
        int[] hiddenSizes,
        int serverChoices,
        int stepChoices,
        float[][] weights,
        float[][] biases,
        int headExperts,
        int gateAt,
        int gateWidth,
        boolean trunkExperts) {

    /** Logits of the x head: local and offload. */
    public static final int OFFLOAD_CHOICES = 2;

    public PolicySnapshot {
        hiddenSizes = hiddenSizes.clone();
        weights = deepCopy(weights);
        biases = deepCopy(biases);
        headExperts = headExperts == 0 ? 1 : headExperts;
        if (headExperts == 1) {
            gateAt = 0;
            gateWidth = 0;
            trunkExperts = false;
        }
        if (featureCount < 1 || serverChoices < 1 || stepChoices < 1 || hiddenSizes.length == 0) {
            throw new IllegalArgumentException("a snapshot needs features, hidden layers, servers and steps");
        }
        if (headExperts < 1 || headExperts > 1 && (gateAt < 0 || gateWidth < 1 || gateAt + gateWidth > featureCount)) {
            throw new IllegalArgumentException("a snapshot of " + headExperts + " experts needs a gate within the "
                    + featureCount + " features, got " + gateWidth + " from " + gateAt);
        }
        int layers = layerCount(hiddenSizes.length, headExperts, trunkExperts);
        if (weights.length != layers || biases.length != layers) {
            throw new IllegalArgumentException("expected " + layers + " weight matrices and bias vectors, got "
                    + weights.length + " and " + biases.length);
        }
        for (int k = 0; k < layers; k++) {
            int in = inputs(k, featureCount, hiddenSizes, headExperts, trunkExperts, gateWidth);
            int out = outputs(k, hiddenSizes, serverChoices, stepChoices, headExperts, trunkExperts);
            if (weights[k].length != in * out || biases[k].length != out) {
                throw new IllegalArgumentException("layer " + k + " must be " + in + "x" + out + " with " + out
                        + " biases, got " + weights[k].length + " weights and " + biases[k].length + " biases");
            }
        }
    }

    /** One linear expert per head: the plain layout of H + 3 layers. */
    public PolicySnapshot(long version, int featureCount, int[] hiddenSizes, int serverChoices, int stepChoices,
            float[][] weights, float[][] biases) {
        this(version, featureCount, hiddenSizes, serverChoices, stepChoices, weights, biases, 1, 0, 0);
    }

    /** Experts of scope head (linear heads on the shared last hidden layer). */
    public PolicySnapshot(long version, int featureCount, int[] hiddenSizes, int serverChoices, int stepChoices,
            float[][] weights, float[][] biases, int headExperts, int gateAt, int gateWidth) {
        this(version, featureCount, hiddenSizes, serverChoices, stepChoices, weights, biases, headExperts, gateAt,
                gateWidth, false);
    }

    /** The layers of a snapshot of {@code hidden} hidden layers and K = {@code experts} experts. */
    public static int layerCount(int hidden, int experts, boolean trunk) {
        if (experts <= 1) {
            return hidden + 3;
        }
        return (trunk ? (hidden + 3) * experts : hidden + 3 * experts) + 1;
    }

    /** Inputs of layer {@code layer} of such a snapshot ({@code hidden} its hidden sizes). */
    public static int inputs(int layer, int features, int[] hidden, int experts, boolean trunk, int gateWidth) {
        if (experts > 1 && layer == layerCount(hidden.length, experts, trunk) - 1) {
            return gateWidth;
        }
        int at = trunk && experts > 1 ? layer % (hidden.length + 3) : layer;
        if (at == 0) {
            return features;
        }
        return hidden[Math.min(at, hidden.length) - 1];
    }

    /** Outputs of layer {@code layer} of such a snapshot. */
    public static int outputs(int layer, int[] hidden, int servers, int steps, int experts, boolean trunk) {
        if (experts > 1 && layer == layerCount(hidden.length, experts, trunk) - 1) {
            return experts;
        }
        int at = trunk && experts > 1 ? layer % (hidden.length + 3) : layer;
        if (at < hidden.length) {
            return hidden[at];
        }
        return switch ((at - hidden.length) % 3) {
            case 0 -> OFFLOAD_CHOICES;
            case 1 -> servers;
            default -> steps;
        };
    }

    /** Number of layers with weights: the hidden layers plus the three heads (3K of them and the gate with K > 1). */
    public int layerCount() {
        return layerCount(hiddenSizes.length, headExperts, trunkExperts);
    }

    /** Inputs of layer k. */
    public int inputsOf(int layer) {
        return inputs(layer, featureCount, hiddenSizes, headExperts, trunkExperts, gateWidth);
    }

    /** Outputs of layer k. */
    public int outputsOf(int layer) {
        return outputs(layer, hiddenSizes, serverChoices, stepChoices, headExperts, trunkExperts);
    }

    /** Whether each head is a gated mixture of K > 1 experts. */
    public boolean mixesExperts() {
        return headExperts > 1;
    }

    /** The first layer of expert k's actor (its first hidden layer), with trunk experts. */
    public int trunkLayer(int expert) {
        return (hiddenSizes.length + 3) * expert;
    }

    /** The layer of the gate (the last), with K > 1. */
    public int gateLayer() {
        return layerCount() - 1;
    }

    /** The same weights under another version number. */
    public PolicySnapshot withVersion(long newVersion) {
        return new PolicySnapshot(newVersion, featureCount, hiddenSizes, serverChoices, stepChoices, weights, biases,
                headExperts, gateAt, gateWidth, trunkExperts);
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
                && headExperts == other.headExperts
                && gateAt == other.gateAt
                && gateWidth == other.gateWidth
                && trunkExperts == other.trunkExperts
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
        if (headExperts > 1) {
            h = 31 * h + headExperts;
        }
        if (trunkExperts) {
            h = 31 * h + 1;
        }
        h = 31 * h + Arrays.deepHashCode(weights);
        return 31 * h + Arrays.deepHashCode(biases);
    }

    @Override
    public String toString() {
        return "PolicySnapshot[version=" + version + ", features=" + featureCount + ", hidden="
                + Arrays.toString(hiddenSizes) + ", servers=" + serverChoices + ", steps=" + stepChoices
                + (headExperts > 1 ? ", experts=" + headExperts + ", gate=" + gateWidth + "@" + gateAt
                        + (trunkExperts ? ", trunks" : "") : "") + "]";
    }

    private static float[][] deepCopy(float[][] arrays) {
        float[][] copy = new float[arrays.length][];
        for (int i = 0; i < arrays.length; i++) {
            copy[i] = arrays[i].clone();
        }
        return copy;
    }
}
