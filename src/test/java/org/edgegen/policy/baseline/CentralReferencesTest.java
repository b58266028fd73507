package org.edgegen.policy.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.edgegen.model.Scenarios;
import org.edgegen.model.SystemModel;
import org.edgegen.model.network.Deployment;
import org.edgegen.model.slot.Decision;
import org.edgegen.model.slot.SlotDraws;
import org.edgegen.model.slot.SlotResolver;
import org.edgegen.model.slot.SlotState;
import org.edgegen.model.slot.TaskOutcome;
import org.edgegen.policy.Action;
import org.edgegen.policy.EpisodeLoop;
import org.edgegen.policy.JointPolicy;
import org.edgegen.policy.PolicyCatalog;
import org.edgegen.policy.SlotContext;
import org.junit.jupiter.api.Test;

/** The sequential centralised references on the two-cell scenario (A100 and T4, 4 users, both cells neighbours). */
class CentralReferencesTest {

    private static final long SEED = 21L;
    private static final int[] STEPS = {5, 10, 15, 20, 25, 30};

    private final SystemModel model = SystemModel.of(Scenarios.tinyTwoCell());
    private final Deployment deployment = Deployment.draw(model, SEED, 0);
    private final SlotResolver resolver = new SlotResolver(model);
    private final PolicyCatalog catalog = new PolicyCatalog(model);

    /** Every user has a task every slot (B = 4 Mbit, O = 0.8 Mbit, ε^max = 0.3, T^max = 8 s, τ^U = 0.4 s/step). */
    private final SystemModel pinned = SystemModel.of(Scenarios.pinned(Scenarios.tinyTwoCell()));
    private final Deployment pinnedDeployment = Deployment.draw(pinned, SEED, 0);

    /** The first slots of an episode with at least one active user, each with the state all-home leaves behind. */
    private List<SlotContext> someSlots() {
        List<SlotContext> contexts = new ArrayList<>();
        SlotState state = SlotState.initial(4, 2);
        JointPolicy allHome = catalog.require("all-home");
        for (int slot = 0; slot < 60 && contexts.size() < 8; slot++) {
            SlotDraws draws = SlotDraws.draw(model, deployment, SEED, 0, slot);
            SlotContext context = new SlotContext(deployment, state, draws);
            if (draws.activeCount() >= 1) {
                contexts.add(context);
            }
            state = resolver.resolve(deployment, state, draws, allHome.decide(context)).next();
        }
        assertThat(contexts).as("some slot couples several users").anyMatch(c -> c.draws().activeCount() >= 2);
        return contexts;
    }

    /**
     * A slot of the pinned scenario (all four users active) with 200 image-steps (3.8 s) queued at the A100 and an
     * empty T4, which each user alone finds the cheaper place.
     */
    private SlotContext congestedSlot() {
        SlotState state = new SlotState(new double[4], new double[] {200.0, 0.0}, new int[2]);
        return new SlotContext(pinnedDeployment, state, SlotDraws.draw(pinned, pinnedDeployment, SEED, 0, 0));
    }

    /** User n's own outcome when it takes {@code decision} after the users before it took theirs. */
    private TaskOutcome outcome(SlotContext context, Decision[] earlier, int user, Decision decision) {
        Decision[] decisions = earlier.clone();
        decisions[user] = decision;
        return resolver(modelOf(context)).resolve(context.deployment(), context.state(), context.draws(), decisions).outcomeOf(user)
                .orElseThrow();
    }

    private SystemModel modelOf(SlotContext context) {
        return context.deployment() == pinnedDeployment ? pinned : model;
    }

    /** User n's places in action-index order: the device, then S_n. */
    private static List<Decision> places(Deployment deployment, int user, int steps) {
        List<Decision> places = new ArrayList<>();
        places.add(Decision.local(steps));
        for (int bs : deployment.user(user).candidates()) {
            places.add(Decision.offload(bs, steps));
        }
        return places;
    }

    private static Decision[] nobody(int users) {
        Decision[] decisions = new Decision[users];
        Arrays.fill(decisions, Decision.NONE);
        return decisions;
    }

    /** Central-greedy written out: users in id order, each the first decision with its smallest C_n + r^P_n. */
    private Decision[] handWrittenCentralGreedy(SlotContext context) {
        Decision[] decided = nobody(4);
        for (int n = 0; n < 4; n++) {
            if (!context.draws().hasTask(n)) {
                continue;
            }
            Decision best = null;
            double bestValue = Double.POSITIVE_INFINITY;
            for (int steps : STEPS) {
                for (Decision option : places(context.deployment(), n, steps)) {
                    TaskOutcome o = outcome(context, decided, n, option);
                    if (o.cost() + o.penalty() < bestValue) {
                        bestValue = o.cost() + o.penalty();
                        best = option;
                    }
                }
            }
            decided[n] = best;
        }
        return decided;
    }

    /** Central-least-finish written out: the earliest exact finish at c^min, then (if asked) the cheapest c there. */
    private Decision[] handWrittenCentralLeastFinish(SlotContext context, boolean chooseSteps) {
        Decision[] decided = nobody(4);
        for (int n = 0; n < 4; n++) {
            if (!context.draws().hasTask(n)) {
                continue;
            }
            int minSteps = modelOf(context).steps().minStepsFor(context.draws().task(n).orElseThrow().maxError());
            Decision place = null;
            double earliest = Double.POSITIVE_INFINITY;
            for (Decision option : places(context.deployment(), n, minSteps)) {
                TaskOutcome o = outcome(context, decided, n, option);
                double finish = o.failed() ? Double.POSITIVE_INFINITY : o.delaySeconds();
                if (finish < earliest) {
                    earliest = finish;
                    place = option;
                }
            }
            if (chooseSteps) {
                double bestValue = Double.POSITIVE_INFINITY;
                Decision best = place;
                for (int steps : STEPS) {
                    Decision option = new Decision(place.kind(), place.targetBs(), steps);
                    TaskOutcome o = outcome(context, decided, n, option);
                    if (o.cost() + o.penalty() < bestValue) {
                        bestValue = o.cost() + o.penalty();
                        best = option;
                    }
                }
                place = best;
            }
            decided[n] = place;
        }
        return decided;
    }

    @Test
    void centralGreedyIsASequenceOfBestResponsesInUserIdOrder() {
        List<SlotContext> slots = new ArrayList<>(someSlots());
        slots.add(congestedSlot());
        for (SlotContext context : slots) {
            JointPolicy policy = new PolicyCatalog(modelOf(context)).require("central-greedy");
            assertThat(policy.decide(context)).as("slot %d", context.draws().slot())
                    .containsExactly(handWrittenCentralGreedy(context));
        }
    }

    @Test
    void centralLeastFinishIsASequenceOfEarliestExactFinishes() {
        List<SlotContext> slots = new ArrayList<>(someSlots());
        slots.add(congestedSlot());
        for (SlotContext context : slots) {
            PolicyCatalog c = new PolicyCatalog(modelOf(context));
            assertThat(c.require("central-least-finish-min").decide(context)).as("slot %d", context.draws().slot())
                    .containsExactly(handWrittenCentralLeastFinish(context, false));
            assertThat(c.require("central-least-finish").decide(context)).as("slot %d", context.draws().slot())
                    .containsExactly(handWrittenCentralLeastFinish(context, true));
        }
    }

    @Test
    void onACongestedSlotCentralGreedyDoesNoWorseThanTheSameUsersActingGreedilyAlone() {
        SlotContext context = congestedSlot();
        PolicyCatalog c = new PolicyCatalog(pinned);
        Decision[] alone = c.require("greedy-local").decide(context);
        Decision[] central = c.require("central-greedy").decide(context);
        // alone, every user assumes the whole band and an empty slot, so they all crowd onto the empty T4
        assertThat(alone).containsOnly(Decision.offload(1, 25));
        // in turn, the first takes the T4 and the others, seeing it there, the A100
        assertThat(central).containsExactly(Decision.offload(1, 25), Decision.offload(0, 25),
                Decision.offload(0, 25), Decision.offload(0, 25));
        double aloneValue = Opt.objective(resolver(pinned).resolve(pinnedDeployment, context.state(),
                context.draws(), alone));
        double centralValue = Opt.objective(resolver(pinned).resolve(pinnedDeployment, context.state(),
                context.draws(), central));
        assertThat(centralValue).isLessThan(aloneValue);
    }

    @Test
    void aLaterUserSeesTheChoicesOfTheUsersBeforeIt() {
        SlotContext context = congestedSlot();
        int home = pinnedDeployment.user(0).homeBs();
        int[] sameCell = pinnedDeployment.usersOfCell(home);
        assertThat(sameCell.length).as("two users in user 0's cell").isGreaterThanOrEqualTo(2);
        int later = sameCell[1];
        List<TaskOutcome> seen = new ArrayList<>();
        // every user offloads home with 15 steps; record what the later user of user 0's cell sees
        SlotSequence.decide(context, new PolicyCatalog(pinned).observations(), resolver(pinned),
                (observation, outcomes) -> {
                    TaskOutcome o = outcomes.of(Action.offload(0, 15));
                    if (observation.userId() == later) {
                        seen.add(o);
                    }
                    return Action.offload(0, 15);
                });
        TaskOutcome alone = outcome(context, nobody(4), later, Decision.offload(home, 15));
        TaskOutcome afterEarlier = seen.get(0);
        // it shares the uplink with the earlier users of its cell, and their work may be ahead of it in the queue
        assertThat(alone.offload().uplinkSharingUsers()).isEqualTo(1);
        int earlierInCell = (int) Arrays.stream(sameCell).filter(u -> u < later).count();
        assertThat(afterEarlier.offload().uplinkSharingUsers()).isEqualTo(1 + earlierInCell);
        assertThat(afterEarlier.delaySeconds()).isGreaterThan(alone.delaySeconds());
        assertThat(afterEarlier.cost()).isGreaterThan(alone.cost());
    }

    @Test
    void theLastUserOfACentralGreedySlotHasNoBetterResponse() {
        SlotContext context = congestedSlot();
        Decision[] central = new PolicyCatalog(pinned).require("central-greedy").decide(context);
        TaskOutcome chosen = outcome(context, central, 3, central[3]);
        for (int steps : STEPS) {
            for (Decision option : places(pinnedDeployment, 3, steps)) {
                TaskOutcome o = outcome(context, central, 3, option);
                assertThat(chosen.cost() + chosen.penalty()).as("%s", option)
                        .isLessThanOrEqualTo(o.cost() + o.penalty());
            }
        }
    }

    @Test
    void usersWithoutATaskDecideNothing() {
        for (SlotContext context : someSlots()) {
            for (String name : List.of("central-greedy", "central-least-finish", "central-least-finish-min")) {
                Decision[] decisions = catalog.require(name).decide(context);
                for (int n = 0; n < 4; n++) {
                    assertThat(decisions[n] == Decision.NONE).as("%s user %d", name, n)
                            .isEqualTo(!context.draws().hasTask(n));
                }
            }
        }
    }

    @Test
    void theCentralReferencesAreDeterministic() {
        EpisodeLoop loop = new EpisodeLoop(model);
        for (String name : List.of("central-greedy", "central-least-finish", "central-least-finish-min")) {
            assertThat(loop.play(new PolicyCatalog(model).require(name), SEED, 1))
                    .as(name).isEqualTo(loop.play(catalog.require(name), SEED, 1));
        }
    }

    private static SlotResolver resolver(SystemModel model) {
        return new SlotResolver(model);
    }
}
