package org.edgegen.training;

import org.edgegen.cluster.CborSerializable;




/**
 * What the learner node needs to train a run hosted on a cluster, beyond its {@link RunSpec}: the run directory
 * (an absolute path the learner nodes can write: checkpoints and the final SavedModel go there, so on several hosts
 * it must be a shared path), where to resume from, and the episodes.
 *
 * @param outDir          the run directory, absolute
 * @param resumeFrom      the run or checkpoint directory the caller resumes from (--resume), or "" for a fresh run
 * @param firstEpisode    the first episode to play (the resumed checkpoint's episodes, or 0)
 * @param endEpisode      one past the last episode of the run
 * @param checkpointEvery a checkpoint every K episodes, and always after the last
 * @param recover         true when the caller re-sends the run after the learner node was lost: the learner goes on
 *                        from the newest checkpoint in {@code outDir} if it is at or past {@code firstEpisode}
 */
public record TrainJob(String outDir, String resumeFrom, int firstEpisode, int endEpisode, int checkpointEvery,
        boolean recover) implements CborSerializable {

    /** The same job, re-sent after the learner node was lost. */
    public TrainJob recovering() {
        return new TrainJob(outDir, resumeFrom, firstEpisode, endEpisode, checkpointEvery, true);
    }
}
