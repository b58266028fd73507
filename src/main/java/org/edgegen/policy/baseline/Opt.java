package org.edgegen.policy.baseline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.edgegen.model.SystemModel;
import org.edgegen.model.network.Deployment;
import org.edgegen.model.slot.Decision;
import org.edgegen.model.slot.SlotDraws;
import org.edgegen.model.slot.SlotResolver;
import org.edgegen.model.slot.SlotResult;
import org.edgegen.model.slot.TaskOutcome;
import org.edgegen.policy.ActionSpace;
import org.edgegen.policy.Decisions;
import org.edgegen.policy.JointPolicy;
import org.edgegen.policy.Observation;
import org.edgegen.policy.ObservationBuilder;
import org.edgegen.policy.SlotContext;

/**
 * The per-slot optimum with full information: exhaustive search over every joint valid action of the slot's
 * active users, minimising Σ_n (C_n + r^P_n) — the slot's share of the agents' objective, with the constraints of
 * problem (P) entering through the penalty. Exhaustive, because queue order and band sharing make a user's cost
 * non-monotone in the others' choices, which rules out the usual branch-and-bound bounds. It refuses a slot whose
 * joint action space exceeds {@code edgegen.baselines.opt.max-joint-actions}. Ties go to the first joint action in
 * lexicographic order of the users' action indices.
 */
public final class Opt implements JointPolicy {

    private final SystemModel model;
    private final ObservationBuilder observations;
    private final SlotResolver resolver;
    private final long maxJointActions;

    public Opt(SystemModel model, ObservationBuilder observations) {
        this.model = model;
        this.observations = observations;
        this.resolver = new SlotResolver(model);
        this.maxJointActions = model.scenario().opt().maxJointActions();
    }

    @Override
    public Decision[] decide(SlotContext context) {
        Deployment deployment = context.deployment();
        ActionSpace space = observations.actionSpace();
        List<Integer> active = new ArrayList<>();
        List<Decision[]> options = new ArrayList<>();
        double joint = 1.0;
        for (int n = 0; n < deployment.userCount(); n++) {
            if (!context.draws().hasTask(n)) {
                continue;
            }
            Observation observation = observations.observe(deployment, context.state(), context.draws(), n);
            int[] valid = observation.mask().validIndices();
            Decision[] userOptions = new Decision[valid.length];
            for (int i = 0; i < valid.length; i++) {
                userOptions[i] = Decisions.of(space.action(valid[i]), deployment.user(n));
            }
            active.add(n);
            options.add(userOptions);
            joint *= valid.length;
        }
        if (joint > maxJointActions) {
            throw tooLarge(context.draws(), active.size(), joint, maxJointActions);
        }
        Decision[] decisions = new Decision[deployment.userCount()];
        Arrays.fill(decisions, Decision.NONE);
        Decision[] best = decisions.clone();
        int[] choice = new int[active.size()];
        double bestValue = Double.POSITIVE_INFINITY;
        while (true) {
            for (int i = 0; i < choice.length; i++) {
                decisions[active.get(i)] = options.get(i)[choice[i]];
            }
            double value = objective(resolver.resolve(deployment, context.state(), context.draws(), decisions));
            if (value < bestValue) {
                bestValue = value;
                best = decisions.clone();
            }
            int i = choice.length - 1;
            while (i >= 0 && ++choice[i] == options.get(i).length) {
                choice[i] = 0;
                i--;
            }
            if (i < 0) {
                return best;
            }
        }
    }

    /**
     * Refuses, before a run, what {@link #decide} would refuse when the run reaches it: the first slot of episodes
     * {@code firstEpisode} .. {@code firstEpisode + episodes - 1} of {@code seed} (in the order a run plays them)
     * whose joint action space exceeds the limit, with the same message. A user's valid actions depend on its
     * candidate servers and its task only ({@link ObservationBuilder#mask}), so this needs the draws, not the run;
     * it costs a deployment per episode and a slot's draws per slot, far less than the search it saves.
     */
    public static void requireFits(SystemModel model, long seed, int firstEpisode, int episodes) {
        ObservationBuilder observations = new ObservationBuilder(model);
        long max = model.scenario().opt().maxJointActions();
        for (int episode = firstEpisode; episode < firstEpisode + episodes; episode++) {
            Deployment deployment = Deployment.draw(model, seed, episode);
            for (int slot = 0; slot < model.slotsPerEpisode(); slot++) {
                SlotDraws draws = SlotDraws.draw(model, deployment, seed, episode, slot);
                double joint = 1.0;
                int active = 0;
                for (int n = 0; n < deployment.userCount(); n++) {
                    if (draws.hasTask(n)) {
                        active++;
                        joint *= observations.mask(deployment.user(n).candidates().size(), draws.task(n))
                                .validCount();
                    }
                }
                if (joint > max) {
                    throw tooLarge(draws, active, joint, max);
                }
            }
        }
    }

    private static OptLimitException tooLarge(SlotDraws draws, int active, double joint, long max) {
        return new OptLimitException(String.format(
                "opt: slot %d of episode %d has %d active users and %.0f joint actions, above "
                        + "edgegen.baselines.opt.max-joint-actions = %d; run opt on a small scenario such as "
                        + "conf/scenarios/tiny.conf or raise that limit",
                draws.slot(), draws.episode(), active, joint, max));
    }

    /** Σ_n (C_n + r^P_n) over the slot's active users. */
    public static double objective(SlotResult result) {
        double total = 0.0;
        for (TaskOutcome outcome : result.outcomes()) {
            total += outcome.cost() + outcome.penalty();
        }
        return total;
    }

    @Override
    public String name() {
        return "opt";
    }

    public SystemModel model() {
        return model;
    }
}
