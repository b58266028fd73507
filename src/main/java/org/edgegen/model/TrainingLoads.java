package org.edgegen.model;

import java.util.Optional;
import java.util.SplittableRandom;
import org.edgegen.model.random.RandomStreams;
import org.edgegen.model.random.RandomStreams.Purpose;

/**
 * The loads a training run draws per episode ({@code edgegen.training.users-count-range} and
 * {@code arrival-probability-range}), so that one policy learns over many loads: episode e of a run with seed s
 * plays N ~ U{min..max} users and p_a ~ U[min, max], each from its own stream of (s, e), so the draws do not
 * depend on the engine, on a resume or on the other range. A load without a range is the scenario's own. With
 * {@code edgegen.training.load-draw} other than {@code independent} (both ranges needed), the expected tasks per
 * slot L = N·p_a are drawn instead, uniformly or log-uniformly over [N_min·p_min, N_max·p_max], then N uniformly
 * among the user counts of the range that reach L with a p_a of its range, and p_a = L / N.
 *
 * @param users              the user counts drawn from (integer ends), or empty for the scenario's N
 * @param arrivalProbability the arrival probabilities drawn from, or empty for the scenario's p_a
 * @param draw               how the two are drawn together
 */
public record TrainingLoads(Optional<Range> users, Optional<Range> arrivalProbability, LoadDraw draw) {

    /** How a training episode's (N, p_a) is drawn ({@code edgegen.training.load-draw}). */
    public enum LoadDraw {
        /** N ~ U{min..max} and p_a ~ U[min, max], each from its own stream (the default). */
        INDEPENDENT("independent"),
        /** L = N·p_a ~ U[N_min·p_min, N_max·p_max], then N given L. */
        UNIFORM_LOAD("uniform-load"),
        /** log L ~ U[log(N_min·p_min), log(N_max·p_max)], then N given L: light loads as likely as heavy ones. */
        LOG_UNIFORM_LOAD("log-uniform-load");

        private final String word;

        LoadDraw(String word) {
            this.word = word;
        }

        /** The word of the configuration key. */
        public String word() {
            return word;
        }
    }

    /** No draws: every episode plays the scenario's own load. */
    public static final TrainingLoads NONE = new TrainingLoads(Optional.empty(), Optional.empty());

    private static final int USERS_DRAW = 0;
    private static final int ARRIVAL_DRAW = 1;
    private static final int LOAD_DRAW = 2;
    private static final int USERS_GIVEN_LOAD_DRAW = 3;

    /** The two ranges drawn independently (the default). */
    public TrainingLoads(Optional<Range> users, Optional<Range> arrivalProbability) {
        this(users, arrivalProbability, LoadDraw.INDEPENDENT);
    }

    public TrainingLoads {
        java.util.Objects.requireNonNull(draw, "draw");
        if (draw != LoadDraw.INDEPENDENT && (users.isEmpty() || arrivalProbability.isEmpty())) {
            throw new IllegalArgumentException("load draw " + draw.word() + " needs both a user count range and an"
                    + " arrival probability range");
        }
        if (draw == LoadDraw.LOG_UNIFORM_LOAD && arrivalProbability.orElseThrow().min() <= 0) {
            throw new IllegalArgumentException("load draw " + draw.word() + " needs an arrival probability range"
                    + " with min > 0");
        }
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
        if (draw != LoadDraw.INDEPENDENT) {
            return jointUsers(seed, episode);
        }
        return users.map(u -> {
            int min = (int) u.min();
            int span = (int) u.max() - min + 1;
            return min + stream(seed, episode, USERS_DRAW).nextInt(span);
        }).orElse(base.userCount());
    }

    /** The arrival probability p_a of training episode {@code episode} of a run with {@code seed}. */
    public double arrivalProbabilityOf(Scenario base, long seed, int episode) {
        if (draw != LoadDraw.INDEPENDENT) {
            Range p = arrivalProbability.orElseThrow();
            double probability = expectedTasks(seed, episode) / jointUsers(seed, episode);
            return Math.min(p.max(), Math.max(p.min(), probability));
        }
        return arrivalProbability.map(p -> p.draw(stream(seed, episode, ARRIVAL_DRAW)))
                .orElse(base.tasks().arrivalProbability());
    }

    /** The scenario that training episode {@code episode} plays: {@code base} with the episode's drawn load. */
    public Scenario scenarioOf(Scenario base, long seed, int episode) {
        return draws() ? base.withLoad(usersOf(base, seed, episode), arrivalProbabilityOf(base, seed, episode)) : base;
    }

    /** L = N·p_a of the episode under a joint draw: uniform, or log-uniform, over [N_min·p_min, N_max·p_max]. */
    private double expectedTasks(long seed, int episode) {
        Range u = users.orElseThrow();
        Range p = arrivalProbability.orElseThrow();
        double low = u.min() * p.min();
        double high = u.max() * p.max();
        double x = stream(seed, episode, LOAD_DRAW).nextDouble();
        return draw == LoadDraw.UNIFORM_LOAD ? low + x * (high - low) : low * Math.pow(high / low, x);
    }

    /**
     * N of the episode under a joint draw: uniform among the user counts of the range whose p_a = L / N lies in the
     * arrival range (at least one when the ranges are wide enough; otherwise the count nearest L over the middle p_a,
     * whose p_a is then clipped to the range).
     */
    private int jointUsers(long seed, int episode) {
        Range u = users.orElseThrow();
        Range p = arrivalProbability.orElseThrow();
        double load = expectedTasks(seed, episode);
        long lowest = Math.max((long) u.min(), (long) Math.ceil(load / p.max()));
        long highest = p.min() > 0 ? Math.min((long) u.max(), (long) Math.floor(load / p.min())) : (long) u.max();
        if (lowest > highest) {
            long nearest = Math.round(load / ((p.min() + p.max()) / 2));
            return (int) Math.min((long) u.max(), Math.max((long) u.min(), nearest));
        }
        return (int) (lowest + stream(seed, episode, USERS_GIVEN_LOAD_DRAW).nextLong(highest - lowest + 1));
    }

    private static SplittableRandom stream(long seed, int episode, int which) {
        return RandomStreams.stream(seed, episode, Purpose.TRAINING_LOAD, RandomStreams.EPISODE_WIDE,
                RandomStreams.EPISODE_WIDE, which);
    }
}
