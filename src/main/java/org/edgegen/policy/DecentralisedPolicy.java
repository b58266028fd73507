package org.edgegen.policy;

import java.util.Arrays;
import org.edgegen.model.network.Deployment;
import org.edgegen.model.random.RandomStreams;
import org.edgegen.model.random.RandomStreams.Purpose;
import org.edgegen.model.slot.Decision;

/** Runs one {@link Policy} per user on that user's own observation (decentralised execution). */
public final class DecentralisedPolicy implements JointPolicy {

    private final Policy policy;
    private final ObservationBuilder observations;

    public DecentralisedPolicy(Policy policy, ObservationBuilder observations) {
        this.policy = policy;
        this.observations = observations;
    }

    @Override
    public Decision[] decide(SlotContext context) {
        Deployment deployment = context.deployment();
        Decision[] decisions = new Decision[deployment.userCount()];
        Arrays.fill(decisions, Decision.NONE);
        for (int n = 0; n < decisions.length; n++) {
            if (context.draws().hasTask(n)) {
                decisions[n] = Decisions.of(act(context, n), deployment.user(n));
            }
        }
        return decisions;
    }

    /** User n's action in this slot. */
    public Action act(SlotContext context, int user) {
        Observation observation = observations.observe(context.deployment(), context.state(), context.draws(), user);
        return policy.act(observation, randomFor(context.draws().seed(), context.draws().episode(), user,
                context.draws().slot()));
    }

    /** The policy stream of one agent in one slot. */
    public static java.util.SplittableRandom randomFor(long seed, int episode, int user, int slot) {
        return RandomStreams.stream(seed, episode, Purpose.POLICY, user, slot);
    }

    public Policy policy() {
        return policy;
    }

    @Override
    public String name() {
        return policy.name();
    }
}
