package org.edgegen.learn;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.edgegen.config.LearnerSettings;
import org.edgegen.model.SystemModel;
import org.edgegen.policy.Observation;

/**
 * The dimensions of the OSI networks: what the actor reads and chooses, what the critic reads, and the hidden
 * layers both use.
 *
 * @param featureCount    length of the local observation (7 + 5·maxCandidates = 42 by default)
 * @param serverChoices   logits of the y head (mdp.max-candidates)
 * @param stepChoices     logits of the c head (|C|)
 * @param globalStateSize length of the global state the centralised critic also reads (3·B, or 3·B + 1 with the
 *                        slot's tasks), 0 for a local critic
 * @param hiddenSizes     sizes of the hidden tanh layers of the actor and of the critic
 * @param priorAt         where the observation's prior features start (the actor adds them to its head logits);
 *                        0 without a prior ({@code edgegen.mdp.prior}; -1 is taken as 0; a checkpoint written
 *                        before the prior existed reads 0; the base features always come first)
 * @param headExperts     K, the linear experts of each actor head ({@code edgegen.learner.head-experts}); 1 (0 in
 *                        checkpoints written before the key existed) = one linear head each, and then neither this
 *                        nor the gate's fields are written, so that such checkpoints are as before
 * @param gateAt          with K > 1, where the gate's regime features start in the observation (the load features,
 *                        then the rate feature when on); else 0
 * @param gateWidth       with K > 1, how many regime features the gate reads (3, or 4 with the rate feature); else 0
 * @param trunkExperts    with K > 1, whether each expert is a whole actor ({@code edgegen.learner.expert-scope =
 *                        trunk}: its own hidden layers and heads) rather than linear heads on the shared last hidden
 *                        layer; not written when false (checkpoints of scope head are as before)
 */
public record NetworkShape(int featureCount, int serverChoices, int stepChoices, int globalStateSize,
        List<Integer> hiddenSizes, int priorAt,
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = LearnerSettings.SingleExpert.class)
        int headExperts,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int gateAt,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int gateWidth,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean trunkExperts) {

    public NetworkShape {
        hiddenSizes = List.copyOf(hiddenSizes);
        priorAt = Math.max(priorAt, 0);
        headExperts = headExperts == 0 ? 1 : headExperts;
        if (headExperts == 1) {
            gateAt = 0;
            gateWidth = 0;
            trunkExperts = false;
        }
        if (featureCount < 1 || serverChoices < 1 || stepChoices < 1 || globalStateSize < 0 || hiddenSizes.isEmpty()
                || hiddenSizes.stream().anyMatch(h -> h < 1)
                || priorAt > 0 && priorAt + 2 + serverChoices + stepChoices != featureCount
                || headExperts < 1 || headExperts > LearnerSettings.MAX_HEAD_EXPERTS
                || headExperts > 1 && (gateAt < 0 || gateWidth < 1 || gateAt + gateWidth > featureCount)) {
            throw new IllegalArgumentException("invalid network shape " + featureCount + "/" + serverChoices + "/"
                    + stepChoices + "/" + globalStateSize + "/" + hiddenSizes + "/" + priorAt + "/" + headExperts
                    + "/" + gateAt + "/" + gateWidth + (trunkExperts ? "/trunk" : ""));
        }
    }

    /** Experts of scope head (linear heads on the shared last hidden layer). */
    public NetworkShape(int featureCount, int serverChoices, int stepChoices, int globalStateSize,
            List<Integer> hiddenSizes, int priorAt, int headExperts, int gateAt, int gateWidth) {
        this(featureCount, serverChoices, stepChoices, globalStateSize, hiddenSizes, priorAt, headExperts, gateAt,
                gateWidth, false);
    }

    /** One linear expert per head. */
    public NetworkShape(int featureCount, int serverChoices, int stepChoices, int globalStateSize,
            List<Integer> hiddenSizes, int priorAt) {
        this(featureCount, serverChoices, stepChoices, globalStateSize, hiddenSizes, priorAt, 1, 0, 0);
    }

    /** Without a prior. */
    public NetworkShape(int featureCount, int serverChoices, int stepChoices, int globalStateSize,
            List<Integer> hiddenSizes) {
        this(featureCount, serverChoices, stepChoices, globalStateSize, hiddenSizes, -1);
    }

    /** The shape for a scenario: its observation and action space, its cells and the learner's settings. */
    public static NetworkShape of(SystemModel model, LearnerSettings settings) {
        int maxCandidates = model.scenario().mdp().maxCandidates();
        int k = settings.headExperts();
        int loadAt = Observation.loadAt(model.scenario());
        if (k > 1 && loadAt < 0) {
            throw new IllegalArgumentException("head experts need the load features (edgegen.mdp.load-features)");
        }
        int gateWidth = k > 1 ? gateWidth(model.scenario().mdp().rateFeature()) : 0;
        return new NetworkShape(Observation.featureCount(model.scenario()), maxCandidates, model.steps().size(),
                GlobalState.size(model.cellCount(), settings.critic()),
                settings.hiddenSizes(), Observation.priorAt(model.scenario()), k, Math.max(loadAt, 0), gateWidth,
                k > 1 && settings.expertTrunks());
    }

    /** The gate's regime features: the three load features, and p_a when the rate feature is on. */
    public static int gateWidth(boolean rateFeature) {
        return Observation.LOAD_FEATURES + (rateFeature ? Observation.RATE_FEATURES : 0);
    }

    /** Whether each head is a gated mixture of K > 1 experts. */
    public boolean mixesExperts() {
        return headExperts > 1;
    }

    /** Whether the actor adds the observation's prior features to its logits. */
    public boolean hasPrior() {
        return priorAt > 0;
    }

    /** Logits of the x head: local and offload. */
    public int offloadChoices() {
        return 2;
    }

    /** Inputs of the critic: the observation, plus the global state when centralised. */
    public int criticInputSize() {
        return featureCount + globalStateSize;
    }

    public boolean centralisedCritic() {
        return globalStateSize > 0;
    }

    int[] hiddenArray() {
        return hiddenSizes.stream().mapToInt(Integer::intValue).toArray();
    }
}
