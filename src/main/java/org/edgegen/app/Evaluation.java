package org.edgegen.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.edgegen.config.LoadedScenario;
import org.edgegen.model.SystemModel;
import org.edgegen.report.Comparison;
import org.edgegen.report.ComparisonRow;
import org.edgegen.report.RunMetrics;
import org.edgegen.report.StagedOutput;
import org.edgegen.report.TaskStats;
import org.edgegen.sim.RunHost;
import org.edgegen.sim.RunListener;
import org.edgegen.training.RunInterruptedException;
import org.edgegen.training.RunReport;
import org.edgegen.training.StopRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An evaluation as {@code evaluate} names it: every policy of a lineup on the same episodes of one seed, compared by
 * mean cost. Locally it plays on the single-threaded loop (whose numbers equal the actors'); with {@code --cluster}
 * the cluster's run manager plays it on the actor system of the learner node that hosts it ({@link DetachedRunHost}).
 */
public final class Evaluation {

    private static final Logger LOG = LoggerFactory.getLogger(Evaluation.class);

    private Evaluation() {}

    /** A comparison and what its runs had to survive on a cluster (clean on the loop). */
    public record Result(Comparison comparison, RunReport survived) {}

    /**
     * Plays episodes 0..episodes-1 of {@code seed} with every policy of the lineup on {@code player}, telling
     * {@code progress} every episode (counted over the whole lineup, a policy skipped with a note counting as played),
     * and stopping at the end of the episode during which {@code stop} is requested with a
     * {@link RunInterruptedException} (a comparison of some policies only is no comparison: nothing is kept). Opt
     * beyond its size limit becomes the lineup's note before it plays a slot.
     */
    public static Result compare(LoadedScenario loaded, PolicyLineup lineup, int episodes, long seed, Player player,
            StopRequest stop, RunHost.Progress progress) {
        SystemModel model = SystemModel.of(loaded.scenario());
        RunReport[] survived = {RunReport.CLEAN};
        int[] before = {0};
        PolicyLineup.Played<TaskStats> played = lineup.play(policy -> {
            int first = before[0];
            before[0] += episodes; // a policy skipped with a note counts as played for the progress
            PolicyLineup.requireFits(loaded, policy, episodes, seed);
            return measured(policy, model, metrics -> survived[0] = survived[0].plus(player.play(loaded, policy,
                    episodes, seed, counting(metrics, stop, episodes, policy, first, progress))));
        });
        List<ComparisonRow> rows = played.results().entrySet().stream()
                .map(e -> new ComparisonRow(e.getKey(), e.getValue())).toList();
        return new Result(new Comparison(loaded.scenario().name(), seed, episodes, rows, played.notes()),
                survived[0]);
    }

    /**
     * {@link #compare}, then the comparison written into {@code out} as {@code evaluate} writes it: staged beside
     * {@code out} and moved in only when complete, so a failed or stopped evaluation keeps an earlier one there.
     * {@code survivedBefore} is added to what the runs survived (a cluster run's earlier attempts).
     */
    public static Result compareInto(Path out, LoadedScenario loaded, PolicyLineup lineup, int episodes, long seed,
            Player player, StopRequest stop, RunHost.Progress progress, RunReport survivedBefore) throws IOException {
        Result result;
        try {
            result = compare(loaded, lineup, episodes, seed, player, stop, progress);
        } catch (RunInterruptedException e) {
            throw e.nothingKept("--out " + out + " is left as it was");
        }
        try (StagedOutput staged = StagedOutput.begin(out, "--out")) {
            result.comparison().write(staged.dir(), loaded);
            staged.commit();
        }
        return new Result(result.comparison(), survivedBefore.plus(result.survived()));
    }

    /**
     * What {@code evaluate} prints once its comparison is written to {@code out}: the table, a line of the faults
     * its runs survived (none on a healthy cluster, nor on the loop), and the files.
     */
    public static String summaryText(Result result, Path out) {
        StringBuilder text = new StringBuilder(result.comparison().render());
        RunReport survived = result.survived();
        if (!survived.equals(RunReport.CLEAN)) {
            text.append(String.format(Locale.ROOT, "  faults survived      %d (%d slot timeouts, %d restarts after a "
                    + "lost node); %d episodes re-run, %d late messages discarded; the numbers are those of a "
                    + "fault-free run%n", survived.faults(), survived.timeouts(), survived.restarts(),
                    survived.episodesRerun(), survived.staleMessages()));
        }
        text.append("  files                ").append(out).append("/{").append(Comparison.CONFIG).append(", ")
                .append(Comparison.CSV).append("}").append(System.lineSeparator());
        return text.toString();
    }

    /** Adds each episode to the metrics, tells the progress, then stops the run if a stop was requested. */
    private static RunListener counting(RunMetrics metrics, StopRequest stop, int episodes, PolicyLineup.Entry policy,
            int before, RunHost.Progress progress) {
        return (episode, slots) -> {
            metrics.addEpisode(episode, slots);
            progress.episodeDone(before + metrics.episodes(), metrics.total().meanCost());
            stop.check(metrics.episodes(), episodes, "episodes of " + policy.name());
        };
    }

    /** Plays one policy into fresh metrics and logs its mean cost. */
    private static TaskStats measured(PolicyLineup.Entry policy, SystemModel model, Consumer<RunMetrics> episodesOf) {
        long startNanos = System.nanoTime();
        RunMetrics metrics = new RunMetrics(model.userCount());
        episodesOf.accept(metrics);
        LOG.info(String.format(Locale.ROOT, "%s: mean cost %.6f over %d tasks (%.1f s)", policy.name(),
                metrics.total().meanCost(), metrics.total().tasks(), (System.nanoTime() - startNanos) / 1e9));
        return metrics.total();
    }
}
