package org.edgegen.policy.baseline;

import java.util.Arrays;
import org.edgegen.model.network.Deployment;
import org.edgegen.model.slot.Decision;
import org.edgegen.model.slot.SlotResolver;
import org.edgegen.model.slot.TaskOutcome;
import org.edgegen.policy.Action;
import org.edgegen.policy.Decisions;
import org.edgegen.policy.Observation;
import org.edgegen.policy.ObservationBuilder;
import org.edgegen.policy.SlotContext;

/**
 * The users of a slot deciding one after another, in user-id order, each seeing the exact outcome the slot would
 * give it on top of the decisions already made. A user evaluates an action by resolving the whole slot
 * ({@link SlotResolver}, the model's reference) with the earlier users' decisions fixed and the later users not
 * acting yet: their decisions are {@link Decision#NONE}, which the resolver treats as an invalid action that takes
 * no band, no queue place and no downlink, so it changes nobody else's outcome. That is O(N × |actions|) slot
 * resolutions per slot.
 */
final class SlotSequence {

    /** One user's choice given what its actions would give it now. */
    interface Chooser {
        Action choose(Observation observation, Outcomes outcomes);
    }

    /** The exact outcome for the deciding user of each of its actions, given the decisions made before it. */
    interface Outcomes {
        TaskOutcome of(Action action);
    }

    private SlotSequence() {}

    static Decision[] decide(SlotContext context, ObservationBuilder observations, SlotResolver resolver,
            Chooser chooser) {
        Deployment deployment = context.deployment();
        Decision[] decisions = new Decision[deployment.userCount()];
        Arrays.fill(decisions, Decision.NONE);
        for (int n = 0; n < decisions.length; n++) {
            if (!context.draws().hasTask(n)) {
                continue;
            }
            int user = n;
            Observation observation = observations.observe(deployment, context.state(), context.draws(), user);
            Action chosen = chooser.choose(observation, action -> {
                decisions[user] = Decisions.of(action, deployment.user(user));
                TaskOutcome outcome = resolver.resolve(deployment, context.state(), context.draws(), decisions)
                        .outcomeOf(user).orElseThrow();
                decisions[user] = Decision.NONE;
                return outcome;
            });
            decisions[user] = Decisions.of(chosen, deployment.user(user));
        }
        return decisions;
    }
}
