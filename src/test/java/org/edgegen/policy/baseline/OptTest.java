package org.edgegen.policy.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.edgegen.model.Scenario.OptParams;
import org.edgegen.model.Scenarios;
import org.edgegen.model.SystemModel;
import org.edgegen.model.network.Deployment;
import org.edgegen.model.slot.Decision;
import org.edgegen.model.slot.SlotDraws;
import org.edgegen.model.slot.SlotResolver;
import org.edgegen.model.slot.SlotResult;
import org.edgegen.model.slot.SlotState;
import org.edgegen.model.slot.TaskOutcome;
import org.edgegen.policy.DecentralisedPolicy;
import org.edgegen.policy.Policy;
import org.edgegen.policy.PolicyCatalog;
import org.edgegen.policy.SlotContext;
import org.junit.jupiter.api.Test;

/** Opt on the two-cell scenario (4 users, both cells neighbours: 6 × 3 = 18 choices per active user). */
class OptTest {

    private static final long SEED = 21L;
    private static final int[] STEPS = {5, 10, 15, 20, 25, 30};

    private final SystemModel model = SystemModel.of(Scenarios.tinyTwoCell());
    private final Deployment deployment = Deployment.draw(model, SEED, 0);
    private final SlotResolver resolver = new SlotResolver(model);
    private final PolicyCatalog catalog = new PolicyCatalog(model);

    /** Σ (C_n + r^P_n) over the outcomes, written out here rather than taken from Opt. */
    private static double total(SlotResult result) {
        double sum = 0;
        for (TaskOutcome outcome : result.outcomes()) {
            sum += outcome.cost() + outcome.penalty();
        }
        return sum;
    }

    /** The first slots of the episode with one to three active users, each with the state Opt leaves behind. */
    private List<SlotContext> someSlots() {
        List<SlotContext> contexts = new ArrayList<>();
        SlotState state = SlotState.initial(4, 2);
        Opt opt = (Opt) catalog.require("opt");
        for (int slot = 0; slot < 60 && contexts.size() < 5; slot++) {
            SlotDraws draws = SlotDraws.draw(model, deployment, SEED, 0, slot);
            SlotContext context = new SlotContext(deployment, state, draws);
            int active = draws.activeCount();
            if (active >= 1 && active <= 3) {
                contexts.add(context);
            }
            state = active <= 3 ? resolver.resolve(deployment, state, draws, opt.decide(context)).next()
                    : resolver.resolve(deployment, state, draws, catalog.require("all-local").decide(context)).next();
        }
        assertThat(contexts).hasSize(5);
        assertThat(contexts).as("some slot couples several users").anyMatch(c -> c.draws().activeCount() >= 2);
        return contexts;
    }

    /** Every joint decision of the active users, enumerated from S_n and C directly. */
    private double bruteForce(SlotContext context) {
        List<Integer> active = new ArrayList<>();
        List<List<Decision>> options = new ArrayList<>();
        for (int n = 0; n < 4; n++) {
            if (!context.draws().hasTask(n)) {
                continue;
            }
            List<Decision> mine = new ArrayList<>();
            for (int steps : STEPS) {
                mine.add(Decision.local(steps));
                for (int bs : deployment.user(n).candidates()) {
                    mine.add(Decision.offload(bs, steps));
                }
            }
            active.add(n);
            options.add(mine);
        }
        return search(context, active, options, 0, new Decision[] {
            Decision.NONE, Decision.NONE, Decision.NONE, Decision.NONE});
    }

    private double search(SlotContext context, List<Integer> active, List<List<Decision>> options, int depth,
            Decision[] decisions) {
        if (depth == active.size()) {
            return total(resolver.resolve(deployment, context.state(), context.draws(), decisions));
        }
        double best = Double.POSITIVE_INFINITY;
        for (Decision option : options.get(depth)) {
            decisions[active.get(depth)] = option;
            best = Math.min(best, search(context, active, options, depth + 1, decisions));
        }
        return best;
    }

    @Test
    void theTinyScenarioLetsEveryUserReachBothServers() {
        for (int n = 0; n < 4; n++) {
            assertThat(deployment.user(n).candidates()).hasSize(2);
        }
    }

    @Test
    void optEqualsAnIndependentBruteForceOverAllJointActions() {
        Opt opt = (Opt) catalog.require("opt");
        for (SlotContext context : someSlots()) {
            double optimum = total(resolver.resolve(deployment, context.state(), context.draws(), opt.decide(context)));
            assertThat(optimum).as("slot %d", context.draws().slot()).isCloseTo(bruteForce(context), within(1e-9));
        }
    }

    @Test
    void optIsNoWorseThanAnyBaseline() {
        Opt opt = (Opt) catalog.require("opt");
        for (SlotContext context : someSlots()) {
            double optimum = Opt.objective(resolver.resolve(deployment, context.state(), context.draws(),
                    opt.decide(context)));
            for (Policy baseline : catalog.defaultPerUser()) {
                Decision[] decisions = new DecentralisedPolicy(baseline, catalog.observations()).decide(context);
                double value = total(resolver.resolve(deployment, context.state(), context.draws(), decisions));
                assertThat(optimum).as("%s in slot %d", baseline.name(), context.draws().slot())
                        .isLessThanOrEqualTo(value + 1e-12);
            }
        }
    }

    @Test
    void optRefusesASlotAboveTheJointActionLimit() {
        SystemModel limited = SystemModel.of(Scenarios.withOpt(Scenarios.tinyTwoCell(), new OptParams(10)));
        Opt opt = (Opt) new PolicyCatalog(limited).require("opt");
        SlotContext context = someSlots().get(0);
        assertThatThrownBy(() -> opt.decide(context))
                .isInstanceOf(OptLimitException.class)
                .hasMessageContaining("edgegen.baselines.opt.max-joint-actions")
                .hasMessageContaining("10");
    }

    @Test
    void optWithoutActiveUsersDecidesNothing() {
        Opt opt = (Opt) catalog.require("opt");
        for (int slot = 0; slot < 60; slot++) {
            SlotDraws draws = SlotDraws.draw(model, deployment, SEED, 0, slot);
            if (draws.activeCount() == 0) {
                Decision[] decisions = opt.decide(new SlotContext(deployment, SlotState.initial(4, 2), draws));
                assertThat(decisions).containsOnly(Decision.NONE);
                return;
            }
        }
    }

    /**
     * Opt's up-front check refuses exactly what playing would refuse, with the same message: the first slot (in
     * play order) above the limit, for limits that refuse different slots (that it accepts what fits, the
     * command tests show: they play opt on tiny.conf).
     */
    @Test
    void theUpFrontCheckRefusesTheSlotThatPlayingRefusesWithTheSameMessage() {
        List<String> refusals = new ArrayList<>();
        for (long limit : new long[] {3, 40, 400, 4000}) {
            SystemModel limited = SystemModel.of(Scenarios.withOpt(Scenarios.tinyTwoCell(), new OptParams(limit)));
            Opt opt = (Opt) new PolicyCatalog(limited).require("opt");
            String played = null;
            try {
                for (int episode = 0; episode < 2; episode++) {
                    new org.edgegen.policy.EpisodeLoop(limited).play(opt, SEED, episode);
                }
            } catch (OptLimitException e) {
                played = e.getMessage();
            }
            String checked = null;
            try {
                Opt.requireFits(limited, SEED, 0, 2);
            } catch (OptLimitException e) {
                checked = e.getMessage();
            }
            assertThat(checked).as("limit %d", limit).isEqualTo(played);
            refusals.add(String.valueOf(played));
        }
        assertThat(refusals.stream().map(m -> m.substring(0, m.indexOf(" has "))).distinct())
                .as("the limits refuse different slots").hasSizeGreaterThanOrEqualTo(3);
    }
}
