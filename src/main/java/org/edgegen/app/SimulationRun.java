package org.edgegen.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.edgegen.config.LoadedScenario;
import org.edgegen.model.SystemModel;
import org.edgegen.report.EpisodeMetrics;
import org.edgegen.report.EpisodeProgress;
import org.edgegen.report.MachineInfo;
import org.edgegen.report.RunFiles;
import org.edgegen.report.RunMetrics;
import org.edgegen.report.RunSummary;
import org.edgegen.report.StagedOutput;
import org.edgegen.sim.ActorSimulation;
import org.edgegen.sim.RunListener;
import org.edgegen.training.RunReport;
import org.edgegen.sim.RunRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulation run as {@code simulate} names it: every user acting by one policy of a lineup for E episodes, here
 * or on a cluster, with the run's files (config.conf, slots.csv, episodes.csv, summary.json) and a progress bar.
 */
public final class SimulationRun {

    private static final Logger LOG = LoggerFactory.getLogger(SimulationRun.class);

    private SimulationRun() {}

    /**
     * Plays episodes 0..episodes-1 of {@code seed} into {@code out} with the engine, or on the cluster at
     * {@code cluster} (actors), and returns the summary it wrote.
     */
    public static RunSummary run(LoadedScenario loaded, PolicyLineup.Entry policy, Engine engine,
            Optional<String> cluster, int episodes, long seed, Path out) throws IOException {
        SystemModel model = SystemModel.of(loaded.scenario());
        RunMetrics metrics = new RunMetrics(model.userCount());
        try (StagedOutput staged = StagedOutput.begin(out, "--out")) {
            RunSummary summary = play(loaded, policy, engine, cluster, episodes, seed, out, model, metrics, staged);
            staged.commit();
            return summary;
        }
    }

    /** Plays the run into the staging directory of {@code out}; {@code out} itself is not touched. */
    private static RunSummary play(LoadedScenario loaded, PolicyLineup.Entry policy, Engine engine,
            Optional<String> cluster, int episodes, long seed, Path out, SystemModel model, RunMetrics metrics,
            StagedOutput staged) throws IOException {
        try (RunFiles files = RunFiles.create(staged.dir(), loaded)) {
            LOG.info("simulating {} episodes of {} ({} users, {} slots) with {} on the {} engine into {}",
                    episodes, loaded.scenario().name(), model.userCount(), model.slotsPerEpisode(), policy.name(),
                    engine.label(), out);
            RunReport survived;
            long startNanos = System.nanoTime();
            try (EpisodeProgress progress = EpisodeProgress.start("simulate", episodes)) {
                RunListener listener = (episode, records) -> {
                    EpisodeMetrics rows = metrics.addEpisode(episode, records);
                    files.write(rows);
                    progress.episodeDone(rows.episode());
                };
                survived = cluster.isEmpty() ? engine.play(loaded, policy, episodes, seed, listener)
                        : ActorSimulation.runOnCluster(cluster.get(), new RunRequest(loaded, policy.name(), episodes,
                                seed), listener, policy.weights());
            }
            double wallSeconds = (System.nanoTime() - startNanos) / 1e9;
            if (metrics.episodes() != episodes) {
                throw new IllegalStateException("the " + engine.label() + " engine delivered " + metrics.episodes()
                        + " of " + episodes + " episodes");
            }
            RunSummary summary = RunSummary.of(policy.name(), loaded.scenario().name(), seed, engine.label(),
                    model.slotsPerEpisode(), metrics, survived, wallSeconds, MachineInfo.current());
            files.writeSummary(summary);
            return summary;
        }
    }
}
