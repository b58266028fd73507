package org.edgegen.policy.neural;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TanhTest {

    @Test
    void tanhIsStrictMathsBitForBitAtEveryScaleTheHiddenUnitsSee() {
        SplittableRandom random = new SplittableRandom(42);
        double[] scales = {1e-20, 1e-9, 1e-4, 0.01, 0.3, 0.5, 1, 2, 5, 12, 22, 30, 1e3};
        for (double scale : scales) {
            for (int i = 0; i < 20_000; i++) {
                double x = (2 * random.nextDouble() - 1) * scale;
                assertThat(Double.doubleToRawLongBits(Tanh.tanh(x))).as("tanh(%s)", x)
                        .isEqualTo(Double.doubleToRawLongBits(StrictMath.tanh(x)));
            }
        }
    }

    @Test
    void tanhIsStrictMathsOnRandomBitPatternsAndTheSpecialValues() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 50_000; i++) {
            double x = Double.longBitsToDouble(random.nextLong());
            assertThat(Double.doubleToRawLongBits(Tanh.tanh(x))).as("tanh(%s)", x)
                    .isEqualTo(Double.doubleToRawLongBits(StrictMath.tanh(x)));
        }
        double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, 22, -22, 1, -1, 0.5 * Math.log(2),
            1.5 * Math.log(2), 28 * Math.log(2), Math.ulp(1.0)};
        for (double x : special) {
            assertThat(Double.doubleToRawLongBits(Tanh.tanh(x))).as("tanh(%s)", x)
                    .isEqualTo(Double.doubleToRawLongBits(StrictMath.tanh(x)));
        }
    }

    @Test
    void expm1IsStrictMathsAcrossItsArgumentReductionBranches() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            double x = (2 * random.nextDouble() - 1) * random.nextDouble() * 80;
            assertThat(Double.doubleToRawLongBits(Tanh.expm1(x))).as("expm1(%s)", x)
                    .isEqualTo(Double.doubleToRawLongBits(StrictMath.expm1(x)));
        }
    }
}
