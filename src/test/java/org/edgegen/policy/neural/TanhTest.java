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

    @Test
    void theFastFloatTanhIsWithinAFewFloatUlpsOfTanhAndOddAndBounded() {
        SplittableRandom random = new SplittableRandom(3);
        double[] scales = {1e-6, 1e-3, 0.1, 0.5, 1, 2, 4, 8, 20, 1e4};
        double worst = 0;
        for (double scale : scales) {
            for (int i = 0; i < 20_000; i++) {
                float x = (float) ((2 * random.nextDouble() - 1) * scale);
                float t = FastTanh.tanh(x);
                double exact = StrictMath.tanh(x);
                worst = Math.max(worst, Math.abs(t - exact) / Math.max(Math.abs(exact), 1e-30));
                assertThat(FastTanh.tanh(-x)).as("tanh(-%s)", x).isEqualTo(-t);
                assertThat(Math.abs(t)).as("|tanh(%s)|", x).isLessThanOrEqualTo(1.0f);
            }
        }
        // relative error a few float ulps (one ulp is 6e-8 relative)
        assertThat(worst).isLessThan(5e-7);
        assertThat(FastTanh.tanh(0f)).isZero();
        assertThat(FastTanh.tanh(Float.POSITIVE_INFINITY)).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(Float.isNaN(FastTanh.tanh(Float.NaN))).isTrue();
    }
}
