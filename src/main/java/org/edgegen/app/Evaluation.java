package org.edgegen.app;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.edgegen.cluster.Nodes;
import org.edgegen.config.LoadedScenario;
import org.edgegen.model.SystemModel;
import org.edgegen.report.Comparison;
import org.edgegen.report.ComparisonRow;
import org.edgegen.report.RunMetrics;
import org.edgegen.report.TaskStats;
import org.edgegen.sim.ActorSimulation;
import org.edgegen.sim.RunRequest;
import org.edgegen.sim.RunListener;
import org.edgegen.training.RunInterruptedException;
import org.edgegen.training.StopRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An evaluation as {@code evaluate} names it: every policy of a lineup on the same episodes of one seed, with the
 * single-threaded loop (whose numbers equal the actors') or on a cluster, compared by mean cost.
 */
public final class Evaluation {

    private static final Logger LOG = LoggerFactory.getLogger(Evaluation.class);

    private Evaluation() {}

    /** Plays episodes 0..episodes-1 of {@code seed} with every policy of the lineup; Opt beyond its limit is a note. */
    public static Comparison compare(LoadedScenario loaded, PolicyLineup lineup, int episodes, long seed,
            Optional<String> cluster) {
        return compare(loaded, lineup, episodes, seed, cluster, StopRequest.NEVER);
    }

    /**
     * The same, stopping at the end of the episode during which {@code stop} is requested with a
     * {@link RunInterruptedException} (a comparison of some policies only is no comparison: nothing is kept).
     */
    public static Comparison compare(LoadedScenario loaded, PolicyLineup lineup, int episodes, long seed,
            Optional<String> cluster, StopRequest stop) {
        SystemModel model = SystemModel.of(loaded.scenario());
        PolicyLineup.Played<TaskStats> played;
        // Opt beyond its size limit becomes the lineup's note before it plays a slot (PolicyLineup.requireFits)
        if (cluster.isEmpty()) {
            played = lineup.play(policy -> {
                PolicyLineup.requireFits(loaded, policy, episodes, seed);
                return measured(policy, model, metrics -> Engine.DIRECT.play(loaded, policy, episodes, seed,
                        stopping(metrics, stop, episodes, policy)));
            });
        } else {
            LOG.info("evaluating on the cluster at {}", cluster.get());
            played = Nodes.withClusterClient(cluster.get(), system -> lineup.play(policy -> {
                PolicyLineup.requireFits(loaded, policy, episodes, seed);
                return measured(policy, model, metrics -> ActorSimulation.run(system, new RunRequest(loaded,
                        policy.name(), episodes, seed), stopping(metrics, stop, episodes, policy), policy.weights()));
            }));
        }
        List<ComparisonRow> rows = played.results().entrySet().stream()
                .map(e -> new ComparisonRow(e.getKey(), e.getValue())).toList();
        return new Comparison(loaded.scenario().name(), seed, episodes, rows, played.notes());
    }

    /** Adds each episode to the metrics, then stops the run if a stop was requested. */
    private static RunListener stopping(RunMetrics metrics, StopRequest stop, int episodes,
            PolicyLineup.Entry policy) {
        return (episode, slots) -> {
            metrics.addEpisode(episode, slots);
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
