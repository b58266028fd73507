package org.edgegen.policy.baseline;

import java.util.Optional;
import org.edgegen.model.SystemModel;
import org.edgegen.model.slot.Decision;
import org.edgegen.model.slot.SlotResolver;
import org.edgegen.model.slot.TaskOutcome;
import org.edgegen.policy.Action;
import org.edgegen.policy.ActionSpace;
import org.edgegen.policy.JointPolicy;
import org.edgegen.policy.Observation;
import org.edgegen.policy.ObservationBuilder;
import org.edgegen.policy.SlotContext;

/**
 * A centralised reference, coordinated but myopic: {@link LeastFinish}'s rule with exact finish times. The active
 * users of a slot decide one after another in user-id order; each evaluates its places (device, home BS,
 * neighbours) with the exact slot resolution ({@link SlotResolver}) on top of the decisions already made, the
 * later users not yet acting (see {@link SlotSequence}):
 * <ol>
 *   <li>it takes the place where a task of c^min_n steps (of the fixed c, for a {@code -C} variant) has the
 *       smallest delay T_n — its finish time with the real band shares and the work queued ahead of it this slot; a
 *       task dropped at a full queue never finishes;</li>
 *   <li>{@code central-least-finish} then takes the valid c minimising its own exact C_n + r^P_n at that place;
 *       {@code central-least-finish-min} keeps c^min_n and {@code central-least-finish-C} keeps C.</li>
 * </ol>
 * Full information within the slot, none about later slots: the backlog it leaves is not counted. Ties go to the
 * first place (device, home, neighbours in angular order) and to fewer steps. O(N × (places + |C|)) slot
 * resolutions per slot.
 */
public final class CentralLeastFinish implements JointPolicy {

    /** The name's stem; the suffixes are {@link LeastFinish}'s. */
    public static final String NAME = "central-" + LeastFinish.NAME;

    private final ObservationBuilder observations;
    private final SlotResolver resolver;
    private final LeastFinish.Steps steps;

    public CentralLeastFinish(SystemModel model, ObservationBuilder observations, LeastFinish.Steps steps) {
        this.observations = observations;
        this.resolver = new SlotResolver(model);
        this.steps = steps;
    }

    /** {@code central-least-finish}, {@code central-least-finish-min} or {@code -C}, if the name is one of them. */
    public static Optional<CentralLeastFinish> named(String name, SystemModel model, ObservationBuilder observations) {
        return name.startsWith(NAME) ? LeastFinish.Steps.ofSuffix(name.substring(NAME.length()), model.steps())
                .map(steps -> new CentralLeastFinish(model, observations, steps)) : Optional.empty();
    }

    @Override
    public Decision[] decide(SlotContext context) {
        return SlotSequence.decide(context, observations, resolver, this::choose);
    }

    private Action choose(Observation observation, SlotSequence.Outcomes outcomes) {
        ActionSpace space = observations.actionSpace();
        int probeSteps = steps.probe().steps(observation);
        Action place = null;
        double earliest = Double.POSITIVE_INFINITY;
        for (int p = 0; p < space.places(); p++) {
            Action action = LeastFinish.at(p, probeSteps);
            if (!LeastFinish.valid(space, observation, action)) {
                continue;
            }
            TaskOutcome outcome = outcomes.of(action);
            double finish = outcome.failed() ? Double.POSITIVE_INFINITY : outcome.delaySeconds();
            if (finish < earliest) {
                earliest = finish;
                place = action;
            }
        }
        if (place == null) {
            return Action.local(probeSteps);
        }
        if (!steps.choose()) {
            return place;
        }
        Action best = null;
        double bestValue = Double.POSITIVE_INFINITY;
        for (int c : space.steps().steps()) {
            Action action = new Action(place.offload(), place.server(), c);
            if (!LeastFinish.valid(space, observation, action)) {
                continue;
            }
            TaskOutcome outcome = outcomes.of(action);
            double value = outcome.cost() + outcome.penalty();
            if (value < bestValue) {
                bestValue = value;
                best = action;
            }
        }
        return best;
    }

    @Override
    public String name() {
        return NAME + steps.suffix();
    }
}
