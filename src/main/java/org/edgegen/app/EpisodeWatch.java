package org.edgegen.app;

/** Told each episode a run has written, after its files: how many are done and that episode's mean cost. */
@FunctionalInterface
public interface EpisodeWatch {

    /** A watch that does nothing. */
    EpisodeWatch NONE = (done, meanCost) -> { };

    void episodeDone(int episodesDone, double meanCost);
}
