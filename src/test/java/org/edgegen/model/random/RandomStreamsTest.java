package org.edgegen.model.random;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.edgegen.model.random.RandomStreams.Purpose;
import org.junit.jupiter.api.Test;

class RandomStreamsTest {

    @Test
    void theIthDoubleOfAStreamIsTheIthNextDoubleOfTheJdksGenerator() {
        for (int entity = 0; entity < 50; entity++) {
            long seed = RandomStreams.streamSeed(77L, 3, Purpose.SHADOWING, entity, RandomStreams.EPISODE_WIDE, 0);
            SplittableRandom random = RandomStreams.stream(77L, 3, Purpose.SHADOWING, entity,
                    RandomStreams.EPISODE_WIDE, 0);
            for (int i = 0; i < 200; i++) {
                assertThat(RandomStreams.doubleAt(seed, i)).as("entity %d, double %d", entity, i)
                        .isEqualTo(random.nextDouble());
            }
        }
    }

    @Test
    void theKthGaussianIsTheKthCallOfGaussianBitForBit() {
        long seed = RandomStreams.streamSeed(-5L, 11, Purpose.SHADOWING, 1234, RandomStreams.EPISODE_WIDE, 0);
        SplittableRandom random = new SplittableRandom(seed);
        for (int k = 0; k < 5000; k++) {
            double z = RandomStreams.gaussian(random);
            assertThat(Double.doubleToRawLongBits(RandomStreams.gaussianAt(seed, k))).as("draw %d", k)
                    .isEqualTo(Double.doubleToRawLongBits(z));
            double u1 = 1.0 - RandomStreams.gaussianFirstDoubleAt(seed, k);
            assertThat(Math.abs(z)).isLessThanOrEqualTo(Math.sqrt(-2.0 * Math.log(u1)))
                    .isLessThanOrEqualTo(RandomStreams.GAUSSIAN_MAX_MAGNITUDE);
        }
    }

    @Test
    void theLargestGaussianRadiusIsBelowTheBound() {
        double smallestU1 = 1.0 - (1.0 - 0x1.0p-53);
        assertThat(Math.sqrt(-2.0 * Math.log(smallestU1))).isLessThan(RandomStreams.GAUSSIAN_MAX_MAGNITUDE)
                .isGreaterThan(RandomStreams.GAUSSIAN_MAX_MAGNITUDE - 0.001);
    }
}
