package org.edgegen.cli;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.edgegen.sim.NodeRuns;
import org.edgegen.sim.RunHost;
import org.edgegen.sim.RunJob;
import org.edgegen.training.RunReport;
import org.edgegen.training.StopRequest;

/** The cluster tests' run hosts: another host's runs, with a hook on every episode a run reports done. */
final class HookedHost {

    /** What a test does when a run reports {@code episodesDone}; {@code report} passes the report on. */
    interface EpisodeHook {
        void episodeDone(RunJob job, int episodesDone, Runnable report);
    }

    private HookedHost() {}

    /** {@code host}, with {@code hook} called for every episode its runs report done. */
    static RunHost around(RunHost host, EpisodeHook hook) {
        return new RunHost() {
            @Override
            public void check(RunJob job) {
                host.check(job);
            }

            @Override
            public Ended run(String runId, RunJob job, NodeRuns node, boolean recovering, int doneBefore,
                    RunReport prior, Progress progress, StopRequest stop) {
                return host.run(runId, job, node, recovering, doneBefore, prior, (episodesDone, meanCost) ->
                        hook.episodeDone(job, episodesDone, () -> progress.episodeDone(episodesDone, meanCost)), stop);
            }
        };
    }

    /**
     * Completes {@code reached}, then holds the run's thread (off the actor threads) until {@code release}, at most a
     * minute, so that a mistake cannot hang the build.
     */
    static void hold(CompletableFuture<Void> reached, CompletableFuture<Void> release) {
        reached.complete(null);
        try {
            release.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // go on: the test's assertions tell what went wrong
        }
    }
}
