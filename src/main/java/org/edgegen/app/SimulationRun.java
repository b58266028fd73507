package org.edgegen.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BooleanSupplier;
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
import org.edgegen.sim.RunListener;
import org.edgegen.training.RunInterruptedException;
import org.edgegen.training.RunReport;
import org.edgegen.training.StopRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulation run as {@code simulate} names it: every user acting by one policy of a lineup for E episodes, in
 * this JVM or (a cluster's run, played by its run manager) on a learner node, with the run's files (config.conf,
 * slots.csv, episodes.csv, summary.json) and a progress bar.
 */
public final class SimulationRun {

    private static final Logger LOG = LoggerFactory.getLogger(SimulationRun.class);

    private SimulationRun() {}

    /**
     * Plays episodes 0..episodes-1 of {@code seed} into {@code out} with the engine in this JVM, stopping at the end
     * of the episode during which {@code stop} is requested: the episodes played so far replace the run's files in
     * {@code out} (summary.json says {@code "status": "interrupted"}) and a {@link RunInterruptedException} naming
     * them is thrown. (A cluster run is played by the cluster's run manager on a learner node, with
     * {@link #runResumable}.)
     */
    public static RunSummary run(LoadedScenario loaded, PolicyLineup.Entry policy, Engine engine, int episodes,
            long seed, Path out, StopRequest stop) throws IOException {
        return run(loaded, policy, engine, episodes, seed, out, stop, RunReport.CLEAN, EpisodeWatch.NONE);
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
        try (StagedOutput staged = StagedOutput.begin(out, "--out")) {
            return playAndCommit(loaded, policy, player, episodes, seed, out, model, staged, Optional.empty(), stop,
                    prior, watch);
        }
    }

    /**
     * A detached run's: the same, staged under {@code key} (its run id) in a directory that outlives a lost node,
     * with a resume point after every episode ({@link RunFiles#markResumePoint}). With {@code resume} (the node that
     * played it before was lost) it goes on after the last complete episode that node staged, not from episode 0:
     * the episodes are the same either way, since every episode's draws come from the run seed and its number. The
     * episode that was in progress is played again and counted in {@code episodesRerun}. A run that fails keeps
     * its staging directory while {@code keepOnFailure} says so (its node is gone: the next one goes on from it).
     */
    public static RunSummary runResumable(LoadedScenario loaded, PolicyLineup.Entry policy, Player player,
            int episodes, long seed, Path out, String key, boolean resume, StopRequest stop, RunReport prior,
            EpisodeWatch watch, BooleanSupplier keepOnFailure) throws IOException {
        PolicyLineup.requireFits(loaded, policy, episodes, seed);
        SystemModel model = SystemModel.of(loaded.scenario());
        try (StagedOutput staged = StagedOutput.resumable(out, "--out", key)) {
            try {
                Optional<RunFiles.ResumePoint> from = resume
                        ? RunFiles.readResumePoint(staged.dir(), model.userCount()) : Optional.empty();
                RunReport survived = prior;
                if (resume) {
                    int done = from.map(point -> point.metrics().episodes()).orElse(0);
                    int rerun = done < episodes ? 1 : 0;
                    survived = prior.plus(new RunReport(0, rerun, 0, 0));
                    LOG.info("the run into {} goes on from episode {}: {} complete episode(s) were staged before its "
                            + "node was lost, {} episode in progress is played again", out, done, done, rerun);
                }
                return playAndCommit(loaded, policy, player, episodes, seed, out, model, staged, from, stop,
                        survived, watch);
            } catch (IOException | RuntimeException | Error e) {
                if (!(e instanceof RunInterruptedException) && !keepOnFailure.getAsBoolean()) {
                    staged.discard();
                }
                throw e;
            }
        }
    }

    private static RunSummary playAndCommit(LoadedScenario loaded, PolicyLineup.Entry policy, Player player,
            int episodes, long seed, Path out, SystemModel model, StagedOutput staged,
            Optional<RunFiles.ResumePoint> from, StopRequest stop, RunReport prior, EpisodeWatch watch)
            throws IOException {
        try {
            RunSummary summary = play(loaded, policy, player, episodes, seed, out, model, staged, from, stop, prior,
                    watch);
            staged.commit();
            return summary;
        } catch (Interrupted interrupted) {
            staged.commit();
            throw interrupted.cause.keptIn(out);
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
            long seed, Path out, SystemModel model, StagedOutput staged, Optional<RunFiles.ResumePoint> from,
            StopRequest stop, RunReport prior, EpisodeWatch watch) throws IOException, Interrupted {
        boolean resumable = staged.resumable();
        RunMetrics metrics = from.map(RunFiles.ResumePoint::metrics).orElseGet(() -> new RunMetrics(
                model.userCount()));
        int first = metrics.episodes();
        try (RunFiles files = from.isPresent() ? RunFiles.reopen(staged.dir(), loaded, from.get())
                : RunFiles.create(staged.dir(), loaded)) {
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
                    if (resumable) {
                        files.markResumePoint(metrics);
                    }
                    progress.episodeDone(rows.episode());
                    watch.episodeDone(metrics.episodes(), rows.episode().stats().meanCost());
                    stop.check(metrics.episodes(), episodes, "episodes");
                };
                survived = first < episodes ? player.play(loaded, policy, first, episodes, seed, listener)
                        : RunReport.CLEAN;
            } catch (RunInterruptedException e) {
                survived = e.survived();
                interrupted = e;
            }
            survived = prior.plus(survived);
            double wallSeconds = (System.nanoTime() - startNanos) / 1e9;
            files.dropResumePoint();
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
