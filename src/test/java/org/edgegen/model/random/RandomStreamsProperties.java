package org.edgegen.model.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgegen.Cases.anyLong;
import static org.edgegen.Cases.doubleIn;
import static org.edgegen.Cases.intIn;
import static org.edgegen.Cases.oneOf;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.edgegen.Cases;
import org.edgegen.model.random.RandomStreams.Purpose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RandomStreamsProperties {

    private static final int CASES = 1000;

    private static long[] firstDraws(SplittableRandom random) {
        return new long[] {random.nextLong(), random.nextLong(), random.nextLong()};
    }

    private static Object[] keys(SplittableRandom r) {
        return new Object[] {anyLong(r), intIn(r, 0, 10_000), oneOf(r, Purpose.values()), intIn(r, 0, 1000),
                intIn(r, -1, 1000), intIn(r, 0, 10)};
    }

    static Stream<Arguments> keysForPurity() {
        return Cases.of(0x5A1, CASES, RandomStreamsProperties::keys);
    }

    static Stream<Arguments> keysForChange() {
        return Cases.of(0x5A2, CASES, RandomStreamsProperties::keys);
    }

    private static String describe(long seed, int episode, Purpose purpose, int entity, int slot, int sub) {
        return String.format("seed = %d, episode = %d, purpose = %s, entity = %d, slot = %d, sub = %d", seed, episode,
                purpose, entity, slot, sub);
    }

    @ParameterizedTest(name = "[{index}] seed = {0}, episode = {1}, purpose = {2}, entity = {3}, slot = {4}, sub = {5}")
    @MethodSource("keysForPurity")
    void aStreamIsAPureFunctionOfItsKeys(long seed, int episode, Purpose purpose, int entity, int slot, int sub) {
        String c = describe(seed, episode, purpose, entity, slot, sub);
        long[] once = firstDraws(RandomStreams.stream(seed, episode, purpose, entity, slot, sub));
        long[] again = firstDraws(RandomStreams.stream(seed, episode, purpose, entity, slot, sub));
        assertThat(again).as(c).isEqualTo(once);
        assertThat(firstDraws(RandomStreams.stream(seed, episode, purpose, entity, slot))).as(c)
                .isEqualTo(firstDraws(RandomStreams.stream(seed, episode, purpose, entity, slot, 0)));
    }

    @ParameterizedTest(name = "[{index}] seed = {0}, episode = {1}, purpose = {2}, entity = {3}, slot = {4}, sub = {5}")
    @MethodSource("keysForChange")
    void changingAnyKeyChangesTheStream(long seed, int episode, Purpose purpose, int entity, int slot, int sub) {
        String c = describe(seed, episode, purpose, entity, slot, sub);
        long[] base = firstDraws(RandomStreams.stream(seed, episode, purpose, entity, slot, sub));
        Purpose other = Purpose.values()[(purpose.ordinal() + 1) % Purpose.values().length];
        assertThat(firstDraws(RandomStreams.stream(seed + 1, episode, purpose, entity, slot, sub)))
                .as("%s, seed + 1", c).isNotEqualTo(base);
        assertThat(firstDraws(RandomStreams.stream(seed, episode + 1, purpose, entity, slot, sub)))
                .as("%s, episode + 1", c).isNotEqualTo(base);
        assertThat(firstDraws(RandomStreams.stream(seed, episode, other, entity, slot, sub)))
                .as("%s, purpose %s", c, other).isNotEqualTo(base);
        assertThat(firstDraws(RandomStreams.stream(seed, episode, purpose, entity + 1, slot, sub)))
                .as("%s, entity + 1", c).isNotEqualTo(base);
        assertThat(firstDraws(RandomStreams.stream(seed, episode, purpose, entity, slot + 1, sub)))
                .as("%s, slot + 1", c).isNotEqualTo(base);
        assertThat(firstDraws(RandomStreams.stream(seed, episode, purpose, entity, slot, sub + 1)))
                .as("%s, sub + 1", c).isNotEqualTo(base);
    }

    static Stream<Arguments> seedAndMean() {
        return Cases.of(0x5A3, CASES, r -> new Object[] {anyLong(r), doubleIn(r, 0, 1000)});
    }

    @ParameterizedTest(name = "[{index}] seed = {0}, mean = {1}")
    @MethodSource("seedAndMean")
    void poissonAndExponentialDrawsAreNeverNegative(long seed, double mean) {
        String c = String.format("seed = %d, mean = %s", seed, mean);
        SplittableRandom random = new SplittableRandom(seed);
        assertThat(RandomStreams.poisson(random, mean)).as(c).isNotNegative();
        assertThat(RandomStreams.exponential(random)).as(c).isNotNegative();
    }
}
