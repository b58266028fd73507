package org.edgegen.sim;

import java.util.Arrays;
import java.util.List;
import org.edgegen.cluster.CborSerializable;

/**
 * A run as a client hands it to the cluster ({@code simulate}, {@code train} and {@code evaluate} with
 * {@code --cluster}), checked there first: everything a {@link RunHost} needs to play it and write its files on its own
 * node, and to play it again after that node was lost. Its size is bounded by the scenario text, not by the network:
 * the scenario's resolved HOCON (each node parses it), paths and numbers.
 *
 * @param kind            {@link #SIMULATE}, {@link #TRAIN} or {@link #EVALUATE}
 * @param scenarioHocon   the resolved scenario, every {@code --set} applied
 * @param policy          the policy every user acts by (simulate); evaluate: the policies compared, comma-separated
 * @param checkpoint      the checkpoint {@code osi} plays (simulate), absolute, or ""; evaluate: the checkpoints,
 *                        comma-separated
 * @param episodes        episodes of the run (train: of the whole run, those of a resumed checkpoint included;
 *                        evaluate: of each policy)
 * @param outDir          the run directory, absolute; the host node writes it
 * @param checkpointEvery train: a checkpoint every K episodes
 * @param resumeFrom      train: the run or checkpoint directory it resumes from, absolute, or ""
 */
public record RunJob(String kind, String scenarioHocon, String policy, String checkpoint, int episodes, long seed,
        String outDir, int checkpointEvery, String resumeFrom) implements CborSerializable {

    public static final String SIMULATE = "simulate";
    public static final String TRAIN = "train";
    public static final String EVALUATE = "evaluate";

    /** The names of {@link #policy}: one, or an evaluation's list. */
    public List<String> policies() {
        return Arrays.stream(policy.split(",")).filter(name -> !name.isEmpty()).toList();
    }

    /** The paths of {@link #checkpoint}: none, one, or an evaluation's list. */
    public List<String> checkpoints() {
        return Arrays.stream(checkpoint.split(",")).filter(path -> !path.isEmpty()).toList();
    }

    /** The episodes the run plays in all: an evaluation plays {@link #episodes} with every policy. */
    public int totalEpisodes() {
        return EVALUATE.equals(kind) ? episodes * policies().size() : episodes;
    }
}
