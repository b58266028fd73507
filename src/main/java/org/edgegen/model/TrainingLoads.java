package org.edgegen.model;

import java.util.Optional;
import java.util.OptionalDouble;
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
 * among the user counts of the range that reach L with a p_a of its range, and p_a = L / N. With
 * {@code edgegen.training.max-load} (both ranges needed) no episode's L exceeds the cap: an independent draw above
 * it is drawn again from the next pair of streams of (s, e), and a joint draw's L range ends at the cap.
 *
 * @param users              the user counts drawn from (integer ends), or empty for the scenario's N
 * @param arrivalProbability the arrival probabilities drawn from, or empty for the scenario's p_a
 * @param draw               how the two are drawn together
 * @param maxLoad            the largest expected tasks per slot L = N·p_a an episode may have, or empty for none
 */
public record TrainingLoads(Optional<Range> users, Optional<Range> arrivalProbability, LoadDraw draw,
        OptionalDouble maxLoad) {

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
    /** The streams of an independent draw's k-th redraw under a load cap: 2 + 2k (users) and 3 + 2k (p_a), k >= 1. */
    private static final int REDRAW_BASE = 2;
    /** Redraws tried before a capped independent draw gives up (unreachable unless the cap is at the range's corner). */
    static final int MAX_REDRAWS = 100_000;

    /** The two ranges drawn as {@code draw} says, with no load cap. */
    public TrainingLoads(Optional<Range> users, Optional<Range> arrivalProbability, LoadDraw draw) {
        this(users, arrivalProbability, draw, OptionalDouble.empty());
    }

    /** The two ranges drawn independently (the default). */
    public TrainingLoads(Optional<Range> users, Optional<Range> arrivalProbability) {
        this(users, arrivalProbability, LoadDraw.INDEPENDENT);
    }

    public TrainingLoads {
        java.util.Objects.requireNonNull(draw, "draw");
        java.util.Objects.requireNonNull(maxLoad, "maxLoad");
        if (maxLoad.isPresent()) {
            if (users.isEmpty() || arrivalProbability.isEmpty()) {
                throw new IllegalArgumentException("a load cap needs both a user count range and an arrival"
                        + " probability range");
            }
            double lightest = users.orElseThrow().min() * arrivalProbability.orElseThrow().min();
            if (!(maxLoad.getAsDouble() > lightest)) {
                throw new IllegalArgumentException("load cap " + maxLoad.getAsDouble() + " is not above the lightest"
                        + " load of the ranges, " + lightest);
            }
        }
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
        int attempt = acceptedAttempt(seed, episode);
        return users.map(u -> drawUsers(u, seed, episode, attempt)).orElse(base.userCount());
    }

    /** The arrival probability p_a of training episode {@code episode} of a run with {@code seed}. */
    public double arrivalProbabilityOf(Scenario base, long seed, int episode) {
        if (draw != LoadDraw.INDEPENDENT) {
            Range p = arrivalProbability.orElseThrow();
            double probability = expectedTasks(seed, episode) / jointUsers(seed, episode);
            return Math.min(p.max(), Math.max(p.min(), probability));
        }
        int attempt = acceptedAttempt(seed, episode);
        return arrivalProbability.map(p -> drawArrival(p, seed, episode, attempt))
                .orElse(base.tasks().arrivalProbability());
    }

    /**
     * The independent draw an episode keeps: 0 without a cap, else the first k whose N·p_a is at most the cap.
     * Attempt 0 reads the streams of the uncapped draw, so an episode under the cap plays the same load either way.
     */
    private int acceptedAttempt(long seed, int episode) {
        if (maxLoad.isEmpty()) {
            return 0;
        }
        double cap = maxLoad.getAsDouble();
        Range u = users.orElseThrow();
        Range p = arrivalProbability.orElseThrow();
        for (int attempt = 0; attempt <= MAX_REDRAWS; attempt++) {
            if (drawUsers(u, seed, episode, attempt) * drawArrival(p, seed, episode, attempt) <= cap) {
                return attempt;
            }
        }
        throw new IllegalStateException("no load at most " + cap + " in " + MAX_REDRAWS + " redraws of episode "
                + episode);
    }

    private static int drawUsers(Range u, long seed, int episode, int attempt) {
        int min = (int) u.min();
        int span = (int) u.max() - min + 1;
        return min + stream(seed, episode, attempt == 0 ? USERS_DRAW : REDRAW_BASE + 2 * attempt).nextInt(span);
    }

    private static double drawArrival(Range p, long seed, int episode, int attempt) {
        return p.draw(stream(seed, episode, attempt == 0 ? ARRIVAL_DRAW : REDRAW_BASE + 2 * attempt + 1));
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
        double high = Math.min(u.max() * p.max(), maxLoad.orElse(Double.POSITIVE_INFINITY));
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
