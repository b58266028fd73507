package org.edgegen.sim;

import org.edgegen.cluster.CborSerializable;

/**
 * A run as a client hands it to the cluster ({@code simulate --detach}, {@code train --detach}), checked there
 * first: everything a {@link RunHost} needs to play it and write its files on its own node, and to play it again
 * after that node was lost. Its size is bounded by the scenario text, not by the network: the scenario's resolved
 * HOCON (each node parses it), paths and numbers.
 *
 * @param kind            {@link #SIMULATE} or {@link #TRAIN}
 * @param scenarioHocon   the resolved scenario, every {@code --set} applied
 * @param policy          the policy every user acts by (simulate)
 * @param checkpoint      the checkpoint {@code osi} plays (simulate), absolute, or ""
 * @param episodes        episodes of the run (train: of the whole run, those of a resumed checkpoint included)
 * @param outDir          the run directory, absolute; the host node writes it
 * @param checkpointEvery train: a checkpoint every K episodes
 * @param resumeFrom      train: the run or checkpoint directory it resumes from, absolute, or ""
 */
public record RunJob(String kind, String scenarioHocon, String policy, String checkpoint, int episodes, long seed,
        String outDir, int checkpointEvery, String resumeFrom) implements CborSerializable {

    public static final String SIMULATE = "simulate";
    public static final String TRAIN = "train";
}
