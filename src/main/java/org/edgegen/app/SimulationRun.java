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
import org.edgegen.report.RunStatus;
import org.edgegen.report.RunSummary;
import org.edgegen.report.RunTable;
import org.edgegen.report.StagedOutput;
import org.edgegen.sim.ActorSimulation;
import org.edgegen.sim.RunListener;
import org.edgegen.training.RunInterruptedException;
import org.edgegen.training.RunReport;
import org.edgegen.training.StopRequest;
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
        return run(loaded, policy, engine, cluster, episodes, seed, out, StopRequest.NEVER);
    }

    /**
     * The same, stopping at the end of the episode during which {@code stop} is requested: the episodes played so
     * far replace the run's files in {@code out} (summary.json says {@code "status": "interrupted"}) and a
     * {@link RunInterruptedException} naming them is thrown.
     */
    public static RunSummary run(LoadedScenario loaded, PolicyLineup.Entry policy, Engine engine,
            Optional<String> cluster, int episodes, long seed, Path out, StopRequest stop) throws IOException {
        Player player = cluster.isEmpty() ? engine : new ClusterClient(cluster.get(), engine);
        return run(loaded, policy, player, episodes, seed, out, stop, RunReport.CLEAN, EpisodeWatch.NONE);
    }

    /**
     * The same with any player; {@code prior} is what the run survived before this attempt (a detached run that
     * its cluster re-ran after the node hosting it was lost) and is added to summary.json's counts, and
     * {@code watch} is told every episode written.
     */
    public static RunSummary run(LoadedScenario loaded, PolicyLineup.Entry policy, Player player, int episodes,
            long seed, Path out, StopRequest stop, RunReport prior, EpisodeWatch watch) throws IOException {
        // Opt beyond its size limit is refused here, before --out is touched, not when the run reaches the slot
        PolicyLineup.requireFits(loaded, policy, episodes, seed);
        SystemModel model = SystemModel.of(loaded.scenario());
        RunMetrics metrics = new RunMetrics(model.userCount());
        try (StagedOutput staged = StagedOutput.begin(out, "--out")) {
            try {
                RunSummary summary = play(loaded, policy, player, episodes, seed, out, model, metrics,
                        staged, stop, prior, watch);
                staged.commit();
                return summary;
            } catch (Interrupted interrupted) {
                staged.commit();
                throw interrupted.cause.keptIn(out);
            }
        }
    }

    /** A cluster joined as a client for the run: the actors engine there, named as the engine. */
    private record ClusterClient(String seedHostPort, Engine engine) implements Player {

        @Override
        public RunReport play(LoadedScenario loaded, PolicyLineup.Entry policy, int episodes, long seed,
                RunListener listener) {
            return ActorSimulation.runOnCluster(seedHostPort, new RunRequest(loaded, policy.name(), episodes, seed),
                    listener, policy.weights());
        }

        @Override
        public RunReport train(org.edgegen.training.TrainRequest request, org.edgegen.learn.PpoTrainer trainer,
                org.edgegen.training.TrainListener listener) {
            throw new UnsupportedOperationException("a cluster client trains through TrainingRun.trainOnCluster");
        }

        @Override
        public String label() {
            return engine.label();
        }

        @Override
        public boolean actors() {
            return true;
        }
    }

    /** A run stopped by its {@link StopRequest} after at least one episode, its files written up to there. */
    private static final class Interrupted extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient RunInterruptedException cause;

        Interrupted(RunInterruptedException cause) {
            super(cause.getMessage(), cause, false, false);
            this.cause = cause;
        }
    }

    /** Plays the run into the staging directory of {@code out}; {@code out} itself is not touched. */
    private static RunSummary play(LoadedScenario loaded, PolicyLineup.Entry policy, Player player, int episodes,
            long seed, Path out, SystemModel model, RunMetrics metrics, StagedOutput staged, StopRequest stop,
            RunReport prior, EpisodeWatch watch) throws IOException, Interrupted {
        try (RunFiles files = RunFiles.create(staged.dir(), loaded)) {
            LOG.info("simulating {} episodes of {} ({} users, {} slots) with {} on the {} engine into {}",
                    episodes, loaded.scenario().name(), model.userCount(), model.slotsPerEpisode(), policy.name(),
                    player.label(), out);
            RunReport survived;
            long startNanos = System.nanoTime();
            RunInterruptedException interrupted = null;
            try (EpisodeProgress progress = EpisodeProgress.start("simulate", episodes)) {
                RunListener listener = (episode, records) -> {
                    EpisodeMetrics rows = metrics.addEpisode(episode, records);
                    files.write(rows);
                    progress.episodeDone(rows.episode());
                    watch.episodeDone(metrics.episodes(), rows.episode().stats().meanCost());
                    stop.check(metrics.episodes(), episodes, "episodes");
                };
                survived = player.play(loaded, policy, episodes, seed, listener);
            } catch (RunInterruptedException e) {
                survived = e.survived();
                interrupted = e;
            }
            survived = prior.plus(survived);
            double wallSeconds = (System.nanoTime() - startNanos) / 1e9;
            if (interrupted != null) {
                files.writeSummary(RunSummary.of(policy.name(), loaded.scenario().name(), seed, player.label(),
                        model.slotsPerEpisode(), metrics, RunStatus.of(false, stop), survived, wallSeconds,
                        MachineInfo.current()));
                throw new Interrupted(interrupted);
            }
            if (metrics.episodes() != episodes) {
                throw new IllegalStateException("the " + player.label() + " engine delivered " + metrics.episodes()
                        + " of " + episodes + " episodes");
            }
            RunSummary summary = RunSummary.of(policy.name(), loaded.scenario().name(), seed, player.label(),
                    model.slotsPerEpisode(), metrics, RunStatus.COMPLETE, survived, wallSeconds,
                    MachineInfo.current());
            files.writeSummary(summary);
            return summary;
        }
    }

    /** What {@code simulate} prints at the end: the summary table and where the files are. */
    public static String summaryText(RunSummary summary, Path out) {
        return RunTable.render(summary) + "  files                " + out + "/{"
                + String.join(", ", RunFiles.CONFIG, RunFiles.SLOTS, RunFiles.EPISODES, RunFiles.SUMMARY) + "}"
                + System.lineSeparator();
    }
}
