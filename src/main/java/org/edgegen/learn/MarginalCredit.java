package org.edgegen.learn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.edgegen.model.SystemModel;
import org.edgegen.training.EpisodeExperience;
import org.edgegen.training.EpisodeExperience.UserTrajectory;
import org.edgegen.training.Transition;

/**
 * The marginal credit of {@code edgegen.learner.credit = marginal}: each decision is rewarded with
 * r_n = -(C_n + X_n) - r^P_n instead of the seed's shared -mean cost - r^P_n. X_n is what the task's c_n image-steps
 * cost the users served after it at the same edge server, to first order:
 * <ul>
 *   <li>a later task of the same slot at that server whose completion was set by the queue waits c_n/μ_b longer;
 *   <li>the backlog carried into slot l+1 holds δ = min(c_n, Q_b(l+1)) of them (the rest was absorbed by
 *       [·]^+ of the backlog recursion), into l+2 min(δ, Q_b(l+2)), and so on until it is gone or the episode
 *       ends; every queue-bound task of such a slot waits δ/μ_b longer;
 *   <li>each of those seconds is priced at the delayed task's {@code CostModel#delayCostPerSecond} (its weight in
 *       C_m plus, once late, the slope of its deadline penalty).
 * </ul>
 * With {@code credit = marginal-radio} X_n also holds the share of its cell's uplink band an offloading task takes
 * from the others of its slot: each other offloader m of the cell whose completion was not set by its server's
 * queue would have finished {@code sharingDelaySeconds} earlier with one offloader fewer (its upload at K^U - 1
 * instead of K^U), priced at m's {@code delayCostPerSecond}.
 * Left out: background requests (no user pays for them), the downlink's share, and the jump of a deadline
 * indicator. Local and failed tasks add nothing to a server: their X_n from the queues is 0 (a local task's later
 * cost to its own device is in the user's own return); a dropped task did take its share of the uplink.
 */
final class MarginalCredit {

    private record Served(int index, int slot, double arrivalSeconds, int userId, int steps, boolean queueBound,
            double delayCostPerSecond) {}

    private static final Comparator<Served> ORDER = Comparator.comparingInt(Served::slot)
            .thenComparingDouble(Served::arrivalSeconds).thenComparingInt(Served::userId);

    private MarginalCredit() {}

    /** r_n = -(C_n + X_n) - r^P_n of every transition of an episode, in batch order (users in order, slots in order). */
    static double[] rewards(SystemModel model, EpisodeExperience experience, boolean radio) {
        double[] external = externalCosts(model, experience);
        if (radio) {
            double[] shares = uplinkShareCosts(experience);
            for (int k = 0; k < external.length; k++) {
                external[k] += shares[k];
            }
        }
        double[] rewards = new double[external.length];
        int i = 0;
        for (UserTrajectory trajectory : experience.trajectories()) {
            for (Transition t : trajectory.transitions()) {
                rewards[i] = -(t.credit().cost() + external[i]) - t.penalty();
                i++;
            }
        }
        return rewards;
    }

    /** X_n of every transition, in batch order. */
    static double[] externalCosts(SystemModel model, EpisodeExperience experience) {
        int cells = model.cellCount();
        List<List<Served>> byServer = new ArrayList<>(cells);
        for (int b = 0; b < cells; b++) {
            byServer.add(new ArrayList<>());
        }
        int i = 0;
        for (UserTrajectory trajectory : experience.trajectories()) {
            for (Transition t : trajectory.transitions()) {
                Transition.Credit c = t.credit();
                if (c.serverBs() >= 0) {
                    byServer.get(c.serverBs()).add(new Served(i, t.slot(), c.arrivalSeconds(), trajectory.userId(),
                            c.steps(), c.queueBound(), c.delayCostPerSecond()));
                }
                i++;
            }
        }
        double[] external = new double[i];
        double[][] backlogs = experience.bsBacklogImageSteps();
        for (int b = 0; b < cells; b++) {
            List<Served> served = byServer.get(b);
            served.sort(ORDER);
            double throughput = model.gpu(b).throughputImageStepsPerSecond();
            for (int k = 0; k < served.size(); k++) {
                Served task = served.get(k);
                double extra = task.steps();
                int slot = task.slot();
                double cost = 0;
                for (int j = k + 1; j < served.size() && extra > 0; j++) {
                    Served later = served.get(j);
                    for (int l = slot + 1; l <= later.slot() && extra > 0; l++) {
                        extra = Math.min(extra, backlogs[l][b]);
                    }
                    slot = later.slot();
                    if (extra > 0 && later.queueBound()) {
                        cost += extra / throughput * later.delayCostPerSecond();
                    }
                }
                external[task.index()] = cost;
            }
        }
        return external;
    }

    /**
     * The uplink part of X_n of {@code credit = marginal-radio}, in batch order: Σ over the other offloaders m of
     * n's cell and slot, not queue-bound, of m's sharing delay × m's delay cost per second.
     */
    static double[] uplinkShareCosts(EpisodeExperience experience) {
        Map<Long, Double> byCellSlot = new HashMap<>();
        List<Transition> all = new ArrayList<>();
        for (UserTrajectory trajectory : experience.trajectories()) {
            all.addAll(trajectory.transitions());
        }
        for (Transition t : all) {
            if (t.credit().uplinkBs() >= 0) {
                byCellSlot.merge(cellSlot(t), felt(t.credit()), Double::sum);
            }
        }
        double[] costs = new double[all.size()];
        for (int i = 0; i < costs.length; i++) {
            Transition t = all.get(i);
            if (t.credit().uplinkBs() >= 0) {
                costs[i] = byCellSlot.get(cellSlot(t)) - felt(t.credit());
            }
        }
        return costs;
    }

    private static long cellSlot(Transition t) {
        return ((long) t.slot() << 32) | t.credit().uplinkBs();
    }

    /** What one offloader fewer in its cell would have saved this task: its sharing delay, where it counted. */
    private static double felt(Transition.Credit c) {
        return c.serverBs() >= 0 && !c.queueBound() ? c.sharingDelaySeconds() * c.delayCostPerSecond() : 0.0;
    }
}
