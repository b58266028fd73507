package org.edgegen.policy.baseline;

import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.edgegen.model.diffusion.StepChoices;
import org.edgegen.policy.Action;
import org.edgegen.policy.ActionSpace;
import org.edgegen.policy.CostEstimator;
import org.edgegen.policy.Observation;
import org.edgegen.policy.Policy;

/**
 * Each user sends its task where it expects it to finish first, from what it observes, then picks its steps there.
 * <p>
 * The rule, in two stages, both with the estimates of {@link CostEstimator} (whole band to itself, nobody of this
 * slot ahead of it in the queue):
 * <ol>
 *   <li><b>Place.</b> Among the places of its flattened action space — its own device (local), its home BS, and
 *       each neighbour of S_n — it takes the one whose estimated delay T_n (its finish time: for a server the wait
 *       Q_s/μ_s inside t^C, the upload t^up, the relay over the backhaul both ways, the compute and the download;
 *       on the device Q^U_n + T0^U + c τ^U_n) is smallest for a task of c^min_n steps (of the fixed c, for a
 *       {@code -C} variant). The device counts as a place, as it does for {@code greedy-local}: under load a
 *       queue can make the phone the earliest finish. Places with no valid action at that c are skipped.</li>
 *   <li><b>Steps.</b> {@code least-finish} then takes, at that place, the valid c minimising the estimated cost
 *       plus penalty C_n + r^P_n ({@code greedy-local}'s objective); {@code least-finish-min} keeps c^min_n and
 *       {@code least-finish-C} keeps C.</li>
 * </ol>
 * Ties go to the first place (device, home, neighbours in angular order) and to fewer steps. A user whose every
 * action at the fixed c is masked falls back to local at that c, as {@code greedy-local} does.
 */
public record LeastFinish(ActionSpace space, CostEstimator estimator, Steps steps) implements Policy {

    /** The name's stem; {@code central-least-finish} shares the suffixes. */
    public static final String NAME = "least-finish";

    private static final Pattern SUFFIX = Pattern.compile("(?:-(min|\\d{1,9}))?");

    /**
     * How a least-finish rule treats the steps: the count its finish times are compared at, and whether it then
     * chooses c at the chosen place (no suffix) or keeps that count ({@code -min}, {@code -C}).
     */
    public record Steps(StepRule probe, boolean choose) {

        /** No suffix: compare at c^min_n, then choose c. */
        public static final Steps CHOSEN = new Steps(StepRule.MIN, true);

        /** The steps named by a suffix ("", "-min" or "-C" for C in the choices), if it names any. */
        public static Optional<Steps> ofSuffix(String suffix, StepChoices choices) {
            Matcher matcher = SUFFIX.matcher(suffix);
            if (!matcher.matches()) {
                return Optional.empty();
            }
            String held = matcher.group(1);
            if (held == null) {
                return Optional.of(CHOSEN);
            }
            if (held.equals("min")) {
                return Optional.of(new Steps(StepRule.MIN, false));
            }
            int count = Integer.parseInt(held);
            return choices.steps().contains(count) ? Optional.of(new Steps(StepRule.fixed(count), false))
                    : Optional.empty();
        }

        public String suffix() {
            return choose ? "" : probe.fixedSteps() > 0 ? probe.suffix() : "-min";
        }
    }

    /** {@code least-finish}, {@code least-finish-min} or {@code least-finish-C}, if the name is one of them. */
    public static Optional<LeastFinish> named(String name, ActionSpace space, CostEstimator estimator) {
        return name.startsWith(NAME) ? Steps.ofSuffix(name.substring(NAME.length()), space.steps())
                .map(steps -> new LeastFinish(space, estimator, steps)) : Optional.empty();
    }

    @Override
    public Action act(Observation observation, SplittableRandom random) {
        int probeSteps = steps.probe().steps(observation);
        Action place = null;
        double earliest = Double.POSITIVE_INFINITY;
        for (int p = 0; p < space.places(); p++) {
            Action action = at(p, probeSteps);
            if (!valid(space, observation, action)) {
                continue;
            }
            double finish = estimator.estimate(observation, action).delaySeconds();
            if (finish < earliest) {
                earliest = finish;
                place = action;
            }
        }
        if (place == null) {
            return Action.local(probeSteps);
        }
        return steps.choose() ? cheapestSteps(observation, place) : place;
    }

    /** The valid step count at {@code place} minimising the estimated C_n + r^P_n (ties: fewer steps). */
    private Action cheapestSteps(Observation observation, Action place) {
        Action best = place;
        double bestValue = Double.POSITIVE_INFINITY;
        for (int c : space.steps().steps()) {
            Action action = new Action(place.offload(), place.server(), c);
            if (!valid(space, observation, action)) {
                continue;
            }
            double value = estimator.estimate(observation, action).objective();
            if (value < bestValue) {
                bestValue = value;
                best = action;
            }
        }
        return best;
    }

    /** Place 0 is the device, place 1 + y offloads to candidate y (the layout of {@link ActionSpace}). */
    static Action at(int place, int steps) {
        return place == 0 ? Action.local(steps) : Action.offload(place - 1, steps);
    }

    /** Whether an action offloads to an existing candidate (or is local) and is not masked. */
    static boolean valid(ActionSpace space, Observation observation, Action action) {
        return (!action.offload() || action.server() < observation.candidates().size())
                && observation.mask().isValid(space.index(action));
    }

    @Override
    public String name() {
        return NAME + steps.suffix();
    }
}
