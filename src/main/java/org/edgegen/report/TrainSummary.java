package org.edgegen.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.edgegen.training.RunReport;

/**
 * What a training run came to, as written to {@code summary.json}: what was trained on, how far it got, the means
 * of its last episodes, what it had to survive, and how long it took on which machine.
 *
 * @param firstEpisode      the first episode this invocation played (0, or where a resumed run went on)
 * @param episodes          episodes learned from in all, earlier invocations of a resumed run included
 * @param status            {@code complete} when the run reached its last episode; {@code interrupted} for a run
 *                          stopped by SIGINT or SIGTERM and {@code cancelled} for a detached run stopped by
 *                          {@code edgegen cancel}, whose {@code episodes} are those it completed
 * @param finalVersion      the policy version at the end
 * @param transitions       decisions learned from by this invocation
 * @param recent            the last (up to 10) rows of the run, for the recent means
 * @param wallSeconds       time this invocation took for its episodes, updates, checkpoints and export
 */
public record TrainSummary(
        String scenario,
        long seed,
        String engine,
        int users,
        int slotsPerEpisode,
        int firstEpisode,
        int episodes,
        String status,
        long finalVersion,
        long transitions,
        List<Recent> recent,
        RunReport survived,
        double wallSeconds,
        MachineInfo machine) {

    public TrainSummary {
        recent = List.copyOf(recent);
    }

    /**
     * One recent episode, as far as the recent means need it; also what a resumed run reads back from the
     * {@code train.csv} rows it keeps, which hold shares rather than counts and so cannot give a whole row back.
     */
    public record Recent(int episode, double meanReward, double meanCost) {

        public static Recent of(TrainRow row) {
            return new Recent(row.episode(), row.meanReward(), row.stats().meanCost());
        }
    }

    /** Mean of the recent episodes' mean costs (NaN without any). */
    public double recentMeanCost() {
        return recent.stream().mapToDouble(Recent::meanCost).average().orElse(Double.NaN);
    }

    /** Mean of the recent episodes' mean rewards (NaN without any). */
    public double recentMeanReward() {
        return recent.stream().mapToDouble(Recent::meanReward).filter(Double::isFinite).average()
                .orElse(Double.NaN);
    }

    /** The JSON tree of {@code summary.json}, fields in a fixed order. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", scenario);
        m.put("seed", seed);
        m.put("engine", engine);
        m.put("users", users);
        m.put("slotsPerEpisode", slotsPerEpisode);
        m.put("firstEpisode", firstEpisode);
        m.put("episodes", episodes);
        m.put("status", status);
        m.put("finalPolicyVersion", finalVersion);
        m.put("transitions", transitions);
        m.put("recentEpisodes", recent.size());
        m.put("recentMeanCost", Numbers.json(recentMeanCost()));
        m.put("recentMeanReward", Numbers.json(recentMeanReward()));
        // a fault is a slot phase that did not complete (a lost node, a silent actor: a timeout) or the loss of the
        // node hosting the coordinator and learner singletons (a restart)
        m.put("faults", survived.faults());
        m.put("timeouts", survived.timeouts());
        m.put("episodesRerun", survived.episodesRerun());
        m.put("restarts", survived.restarts());
        m.put("staleMessages", survived.staleMessages());
        m.put("wallSeconds", Numbers.json(wallSeconds));
        m.put("machine", machine.toJson());
        return m;
    }

    /** The short plain-text summary the train command prints, lines separated by {@code \n}, ending with one. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "osi trained on %s: episodes %d..%d x %d slots x %d users, seed %d, "
                + "engine %s%n", scenario, firstEpisode, episodes - 1, slotsPerEpisode, users, seed, engine));
        row(out, "policy version", Long.toString(finalVersion));
        row(out, "transitions", Long.toString(transitions));
        row(out, "last " + recent.size() + " episodes", String.format(Locale.ROOT,
                "mean cost %.6f, mean reward %.6f", recentMeanCost(), recentMeanReward()));
        row(out, "timeouts, re-runs", String.format(Locale.ROOT, "%d timeouts, %d episodes re-run, %d stale messages",
                survived.timeouts(), survived.episodesRerun(), survived.staleMessages())
                + (survived.restarts() > 0 ? ", " + survived.restarts() + " restarts after a lost learner node" : ""));
        row(out, "wall time", String.format(Locale.ROOT, "%.1f s", wallSeconds));
        return out.toString().replace(System.lineSeparator(), "\n");
    }

    private static void row(StringBuilder out, String name, String value) {
        out.append(String.format(Locale.ROOT, "  %-20s %s%n", name, value));
    }
}
