package org.edgegen.sim;

import org.edgegen.training.RunReport;
import org.edgegen.training.StopRequest;

/**
 * What a {@code learner} node needs to host detached runs: checking a job, and playing it with the node's own
 * actor system into its run directory. The implementation lives in {@code app} (the run's files, the trainer); the
 * {@code node} command installs it ({@link RunContexts#hostRuns}), so {@code sim} does not import it.
 */
public interface RunHost {

    /**
     * Checks a job before the cluster accepts it: the scenario, the policy and its checkpoint, the checkpoint a
     * training resumes from, and the run directory. Touches no file.
     *
     * @throws org.edgegen.model.InputException naming what is wrong, in one line
     */
    void check(RunJob job);

    /**
     * Plays the job on this node, blocking until it ends, and says how it ended.
     *
     * @param runId      the run's id in the cluster's registry (a simulation stages its files under it, so that
     *                   the node that goes on with it after this one was lost finds them)
     * @param node       the node's actor system, to play on
     * @param recovering true when the node that hosted the run before was lost: a training goes on from the
     *                   newest checkpoint in its run directory, a simulation after the last complete episode that
     *                   node staged
     * @param doneBefore the episodes the run had written before its node was lost (when recovering)
     * @param prior      what the run survived before this attempt (counted in its summary.json)
     * @param progress   told every episode written
     * @param stop       requested by {@code edgegen cancel}
     */
    Ended run(String runId, RunJob job, NodeRuns node, boolean recovering, int doneBefore, RunReport prior, Progress progress,
            StopRequest stop);

    /** Told every episode a hosted run has written. */
    @FunctionalInterface
    interface Progress {
        void episodeDone(int episodesDone, double meanCost);
    }

    /**
     * How a hosted run ended.
     *
     * @param status       {@code complete}, {@code cancelled} or {@code failed}
     * @param episodesDone complete episodes in the run directory
     * @param text         what the command would have printed on stdout (complete), or the one-line message
     *                     it would have printed on stderr
     * @param exitCode     the exit code of the same run not detached
     */
    record Ended(String status, int episodesDone, String text, int exitCode) {}
}
