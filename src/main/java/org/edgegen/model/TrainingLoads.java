package org.edgegen.model;

import java.util.Optional;
import java.util.SplittableRandom;
import org.edgegen.model.random.RandomStreams;
import org.edgegen.model.random.RandomStreams.Purpose;

/**
 * The loads a training run draws per episode ({@code edgegen.training.users-count-range} and
 * {@code arrival-probability-range}), so that one policy learns over many loads: episode e of a run with seed s
 * plays N ~ U{min..max} users and p_a ~ U[min, max], each from its own stream of (s, e), so the draws do not
 * depend on the engine, on a resume or on the other range. A load without a range is the scenario's own.
 *
 * @param users              the user counts drawn from (integer ends), or empty for the scenario's N
 * @param arrivalProbability the arrival probabilities drawn from, or empty for the scenario's p_a
 */
public record TrainingLoads(Optional<Range> users, Optional<Range> arrivalProbability) {

    /** No draws: every episode plays the scenario's own load. */
    public static final TrainingLoads NONE = new TrainingLoads(Optional.empty(), Optional.empty());

    private static final int USERS_DRAW = 0;
    private static final int ARRIVAL_DRAW = 1;

    public TrainingLoads {
        users.ifPresent(u -> {
            if (u.min() < 1 || u.min() != Math.rint(u.min()) || u.max() != Math.rint(u.max())
                    || u.max() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("user count range " + u + " needs integer ends >= 1");
            }
        });
        arrivalProbability.ifPresent(p -> {
            if (p.min() < 0 || p.max() > 1) {
                throw new IllegalArgumentException("arrival probability range " + p + " is not within [0, 1]");
            }
        });
    }

    /** Whether any load is drawn per episode. */
    public boolean draws() {
        return users.isPresent() || arrivalProbability.isPresent();
    }

    /** The user count of training episode {@code episode} of a run with {@code seed}. */
    public int usersOf(Scenario base, long seed, int episode) {
        return users.map(u -> {
            int min = (int) u.min();
            int span = (int) u.max() - min + 1;
            return min + stream(seed, episode, USERS_DRAW).nextInt(span);
        }).orElse(base.userCount());
    }

    /** The arrival probability p_a of training episode {@code episode} of a run with {@code seed}. */
    public double arrivalProbabilityOf(Scenario base, long seed, int episode) {
        return arrivalProbability.map(p -> p.draw(stream(seed, episode, ARRIVAL_DRAW)))
                .orElse(base.tasks().arrivalProbability());
    }

    /** The scenario that training episode {@code episode} plays: {@code base} with the episode's drawn load. */
    public Scenario scenarioOf(Scenario base, long seed, int episode) {
        return draws() ? base.withLoad(usersOf(base, seed, episode), arrivalProbabilityOf(base, seed, episode)) : base;
    }

    private static SplittableRandom stream(long seed, int episode, int which) {
        return RandomStreams.stream(seed, episode, Purpose.TRAINING_LOAD, RandomStreams.EPISODE_WIDE,
                RandomStreams.EPISODE_WIDE, which);
    }
}
