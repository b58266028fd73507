package org.edgegen.report;

import java.util.LinkedHashMap;
import java.util.Map;
import org.edgegen.training.RunReport;

/**
 * What a whole simulation run came to, as written to {@code summary.json}: what was run, the means and rates over
 * all tasks, what the run had to survive, and how fast it went on which machine.
 *
 * @param status      {@code complete} when every requested episode was played; {@code interrupted} for a run
 *                    stopped by SIGINT or SIGTERM and {@code cancelled} for a detached run stopped by
 *                    {@code edgegen cancel}, whose summary covers the episodes it completed
 * @param userSlots   N × slots played, the work that {@link #userSlotsPerSecond()} divides by the wall time
 * @param wallSeconds time the engine took for all episodes (including writing the CSV rows)
 */
public record RunSummary(
        String policy,
        String scenario,
        long seed,
        int episodes,
        String status,
        String engine,
        int users,
        int slotsPerEpisode,
        TaskStats total,
        long userSlots,
        RunReport survived,
        double wallSeconds,
        MachineInfo machine) {

    public static RunSummary of(String policy, String scenario, long seed, String engine, int slotsPerEpisode,
            RunMetrics metrics, String status, RunReport survived, double wallSeconds, MachineInfo machine) {
        return new RunSummary(policy, scenario, seed, metrics.episodes(), status, engine, metrics.users(), slotsPerEpisode,
                metrics.total(), metrics.userSlots(), survived, wallSeconds, machine);
    }

    public double userSlotsPerSecond() {
        return wallSeconds > 0 ? userSlots / wallSeconds : Double.NaN;
    }

    /** The JSON tree of {@code summary.json}, fields in a fixed order. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy", policy);
        m.put("scenario", scenario);
        m.put("seed", seed);
        m.put("episodes", episodes);
        m.put("status", status);
        m.put("engine", engine);
        m.put("users", users);
        m.put("slotsPerEpisode", slotsPerEpisode);
        m.put("meanCost", Numbers.json(total.meanCost()));
        m.put("meanDelaySeconds", Numbers.json(total.meanDelaySeconds()));
        m.put("meanEnergyJoules", Numbers.json(total.meanEnergyJoules()));
        m.put("meanError", Numbers.json(total.meanError()));
        m.put("meanPenalty", Numbers.json(total.meanPenalty()));
        m.put("deadlineViolationRate", Numbers.json(total.deadlineViolationRate()));
        m.put("qualityViolationRate", Numbers.json(total.qualityViolationRate()));
        Map<String, Object> decisions = new LinkedHashMap<>();
        decisions.put("local", total.local());
        decisions.put("home", total.home());
        decisions.put("neighbour", total.neighbour());
        decisions.put("failed", total.failed());
        m.put("decisions", decisions);
        Map<String, Object> shares = new LinkedHashMap<>();
        shares.put("local", Numbers.json(total.share(total.local())));
        shares.put("home", Numbers.json(total.share(total.home())));
        shares.put("neighbour", Numbers.json(total.share(total.neighbour())));
        shares.put("failed", Numbers.json(total.share(total.failed())));
        m.put("decisionShares", shares);
        m.put("meanSteps", Numbers.json(total.meanSteps()));
        m.put("tasks", total.tasks());
        m.put("droppedTasks", total.droppedTasks());
        m.put("invalidActions", total.invalidActions());
        // a fault is a slot phase that did not complete (a lost node, a silent actor: a timeout) or the loss of the
        // node hosting the coordinator and learner singletons (a restart)
        m.put("faults", survived.faults());
        m.put("timeouts", survived.timeouts());
        m.put("episodesRerun", survived.episodesRerun());
        m.put("restarts", survived.restarts());
        m.put("staleMessages", survived.staleMessages());
        m.put("userSlots", userSlots);
        m.put("userSlotsPerSecond", Numbers.json(userSlotsPerSecond()));
        m.put("wallSeconds", Numbers.json(wallSeconds));
        m.put("machine", machine.toJson());
        return m;
    }
}
