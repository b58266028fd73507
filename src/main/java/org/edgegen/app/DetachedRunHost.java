package org.edgegen.app;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.edgegen.config.ConfigurationException;
import org.edgegen.config.LoadedScenario;
import org.edgegen.config.ScenarioLoader;
import org.edgegen.learn.CheckpointException;
import org.edgegen.learn.TrainingCheckpoints;
import org.edgegen.model.InputException;
import org.edgegen.model.NonFiniteResultException;
import org.edgegen.report.OutputDirectory;
import org.edgegen.report.RunStatus;
import org.edgegen.report.RunSummary;
import org.edgegen.report.TrainSummary;
import org.edgegen.sim.ActorSimulation;
import org.edgegen.sim.NodeRuns;
import org.edgegen.sim.RunHost;
import org.edgegen.sim.RunJob;
import org.edgegen.sim.RunManager;
import org.edgegen.training.RunInterruptedException;
import org.edgegen.training.RunReport;
import org.edgegen.training.StopRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code learner} node's half of a cluster run, installed by the {@code node} command: it checks a job as
 * {@code simulate}, {@code train} and {@code evaluate} check their arguments, and plays it with {@link SimulationRun},
 * {@link TrainingRun} or {@link Evaluation} on the node's own actor system, writing the run's files on this node,
 * exactly as the command would (the same files, the same numbers). A training that goes on after the node hosting it
 * was lost resumes from the newest checkpoint in its run directory; a simulation goes on after the last complete
 * episode the lost node staged (its files are staged beside the run directory under the run's id, with a resume point
 * after every episode, and replace the run directory's files only once complete).
 */
public final class DetachedRunHost implements RunHost {

    private static final Logger LOG = LoggerFactory.getLogger(DetachedRunHost.class);

    @Override
    public void check(RunJob job) {
        try {
            prepare(job, false);
        } catch (ConfigurationException | CheckpointException e) {
            throw new InputException(e.getMessage());
        }
    }

    /** A job made ready to play: its simulation's policy, its training run, or its evaluation's lineup. */
    private record Prepared(LoadedScenario loaded, Path out, Optional<PolicyLineup.Entry> played,
            Optional<TrainingRun> training, Optional<PolicyLineup> evaluation) {}

    private static Prepared prepare(RunJob job, boolean recovering) {
        LoadedScenario loaded = ScenarioLoader.fromConfig(ConfigFactory.parseString(job.scenarioHocon()));
        Path out = Path.of(job.outDir());
        if (!out.isAbsolute()) {
            throw new InputException("the run directory " + out + " is not an absolute path");
        }
        OutputDirectory.check(out, "--out");
        if (job.episodes() < 1) {
            throw new InputException("--episodes " + job.episodes() + " is out of range: allowed >= 1");
        }
        switch (job.kind()) {
            case RunJob.SIMULATE -> {
                List<Path> checkpoints = job.checkpoint().isEmpty() ? List.of() : List.of(Path.of(job.checkpoint()));
                PolicyLineup.Entry played = PolicyLineup.of(loaded, List.of(job.policy()),
                        OsiWeights.fromCheckpoints(checkpoints, job.seed())).single();
                return new Prepared(loaded, out, Optional.of(played), Optional.empty(), Optional.empty());
            }
            case RunJob.TRAIN -> {
                Optional<Path> resume = job.resumeFrom().isEmpty() ? Optional.empty()
                        : Optional.of(Path.of(job.resumeFrom()));
                if (recovering && TrainingCheckpoints.hasCheckpoint(out)) {
                    resume = Optional.of(out);
                }
                TrainingRun run = TrainingRun.prepare(new TrainingRun.Settings(loaded, job.seed(), job.episodes(),
                        job.checkpointEvery(), Optional.empty()), out, resume);
                run.validateForActors();
                return new Prepared(loaded, out, Optional.empty(), Optional.of(run), Optional.empty());
            }
            case RunJob.EVALUATE -> {
                List<Path> checkpoints = job.checkpoints().stream().map(Path::of).toList();
                PolicyLineup lineup = PolicyLineup.of(loaded, job.policies(),
                        OsiWeights.fromCheckpoints(checkpoints, job.seed()));
                return new Prepared(loaded, out, Optional.empty(), Optional.empty(), Optional.of(lineup));
            }
            default -> throw new InputException("a run of kind '" + job.kind() + "' cannot be hosted: allowed "
                    + RunJob.SIMULATE + ", " + RunJob.TRAIN + ", " + RunJob.EVALUATE);
        }
    }

    @Override
    public Ended run(String runId, RunJob job, NodeRuns node, boolean recovering, int doneBefore, RunReport prior,
            Progress progress, StopRequest stop) {
        try {
            Prepared prepared = prepare(job, recovering);
            Player player = new NodePlayer(node);
            if (prepared.played().isPresent()) {
                RunSummary summary = SimulationRun.runResumable(prepared.loaded(), prepared.played().get(), player,
                        job.episodes(), job.seed(), prepared.out(), runId, recovering, stop, prior,
                        progress::episodeDone, () -> !node.alive());
                return new Ended(RunManager.COMPLETE, summary.episodes(), SimulationRun.summaryText(summary,
                        prepared.out()), 0);
            }
            if (prepared.evaluation().isPresent()) {
                return evaluate(job, prepared, player, recovering, doneBefore, prior, progress, stop);
            }
            TrainingRun run = prepared.training().orElseThrow();
            RunReport survived = prior;
            if (recovering) {
                // the episodes the lost node had written after the checkpoint this run goes on from
                survived = survived.plus(new RunReport(0, Math.max(0, doneBefore - run.firstEpisode()), 0, 0));
                LOG.info("run of {} recovers from episode {} (the lost node had written {})", job.outDir(),
                        run.firstEpisode(), doneBefore);
            }
            TrainSummary summary = run.train(player, stop, survived, progress::episodeDone);
            return new Ended(RunManager.COMPLETE, summary.episodes(), run.summaryText(summary), 0);
        } catch (RunInterruptedException e) {
            return new Ended(e.cancelled() ? RunStatus.CANCELLED : RunStatus.INTERRUPTED, e.done(), e.getMessage(),
                    e.exitCode());
        } catch (InputException | ConfigurationException | CheckpointException e) {
            return new Ended(RunManager.FAILED, 0, e.getMessage(), 2);
        } catch (ActorSimulation.SimulationFailedException | NonFiniteResultException e) {
            return new Ended(RunManager.FAILED, 0, e.getMessage(), 1);
        } catch (UncheckedIOException e) {
            return new Ended(RunManager.FAILED, 0, String.valueOf(e.getCause()), 1);
        } catch (IOException e) {
            return new Ended(RunManager.FAILED, 0, e.toString(), 1);
        }
    }

    /**
     * Plays an evaluation whole (also when it goes on after its node was lost: a comparison of some policies is none,
     * so the lost node's episodes are played again and counted as re-run), then writes its comparison as
     * {@code evaluate} does, staged beside the run directory and moved in only when complete.
     */
    private static Ended evaluate(RunJob job, Prepared prepared, Player player, boolean recovering, int doneBefore,
            RunReport prior, Progress progress, StopRequest stop) throws IOException {
        RunReport survived = recovering ? prior.plus(new RunReport(0, doneBefore, 0, 0)) : prior;
        if (recovering) {
            LOG.info("evaluation into {} is played again from its first policy (the lost node had played {} "
                    + "episodes)", job.outDir(), doneBefore);
        }
        Evaluation.Result result = Evaluation.compareInto(prepared.out(), prepared.loaded(),
                prepared.evaluation().orElseThrow(), job.episodes(), job.seed(), player, stop, progress::episodeDone,
                survived);
        return new Ended(RunManager.COMPLETE, job.totalEpisodes(), Evaluation.summaryText(result, prepared.out()),
                0);
    }
}
