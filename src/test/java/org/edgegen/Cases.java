package org.edgegen;

import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Deterministic cases for property tests: {@code @ParameterizedTest} + {@code @MethodSource} returning
 * {@link #of}. The same seed always gives the same cases, so a failing case is reproducible from its index.
 * Range helpers are inclusive and now and then return an end of the range (as property libraries do), so the
 * edges are always exercised.
 */
public final class Cases {

    private Cases() {
    }

    /** {@code count} cases, each the arguments {@code generator} draws from one generator seeded with {@code seed}. */
    public static Stream<Arguments> of(long seed, int count, Function<SplittableRandom, Object[]> generator) {
        SplittableRandom random = new SplittableRandom(seed);
        return IntStream.range(0, count).mapToObj(i -> Arguments.of(generator.apply(random)));
    }

    /** An int in [min, max]; each end with probability 1/16. */
    public static int intIn(SplittableRandom random, int min, int max) {
        int edge = random.nextInt(16);
        return edge == 0 ? min : edge == 1 ? max : random.nextInt(min, max + 1);
    }

    /** A long in [min, max]; each end with probability 1/16. */
    public static long longIn(SplittableRandom random, long min, long max) {
        int edge = random.nextInt(16);
        return edge == 0 ? min : edge == 1 ? max : random.nextLong(min, max + 1);
    }

    /** A double in [min, max]; each end with probability 1/16. */
    public static double doubleIn(SplittableRandom random, double min, double max) {
        int edge = random.nextInt(16);
        return edge == 0 ? min : edge == 1 ? max : min + random.nextDouble() * (max - min);
    }

    /** Any long; 0, ±1, MIN_VALUE or MAX_VALUE with probability 1/16 in all. */
    public static long anyLong(SplittableRandom random) {
        long[] edges = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE};
        return random.nextInt(16) == 0 ? edges[random.nextInt(edges.length)] : random.nextLong();
    }

    /** One of the given values, uniformly. */
    @SafeVarargs
    public static <T> T oneOf(SplittableRandom random, T... values) {
        return values[random.nextInt(values.length)];
    }
}
