package org.edgegen.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class NumbersTest {

    @Test
    void numbersArePlainWithTwelveSignificantDigitsAndNoTrailingZeros() {
        assertThat(Numbers.format(0.1)).isEqualTo("0.1");
        assertThat(Numbers.format(2.0)).isEqualTo("2");
        assertThat(Numbers.format(1.0 / 3)).isEqualTo("0.333333333333");
        assertThat(Numbers.format(-12345678.9)).isEqualTo("-12345678.9");
        assertThat(Numbers.format(0.0)).isEqualTo("0");
        assertThat(Numbers.format(-0.0)).isEqualTo("0");
    }

    @Test
    void aRealValueAlwaysHasADecimalPointSoThatItsColumnReadsAsRealInEveryRun() {
        assertThat(Numbers.real(0.0)).isEqualTo("0.0");
        assertThat(Numbers.real(20.0)).isEqualTo("20.0");
        assertThat(Numbers.real(-3.0)).isEqualTo("-3.0");
        assertThat(Numbers.real(0.25)).isEqualTo("0.25");
        assertThat(Numbers.real(1e13)).isEqualTo("1.0E+13");
        assertThat(Numbers.real(1.5e-7)).isEqualTo("1.5E-7");
        assertThat(Numbers.real(Double.NaN)).isEqualTo("NaN");
        for (double v = -4; v <= 4; v += 0.5) {
            assertThat(Numbers.real(v)).as("%s", v).contains(".");
            assertThat(Double.parseDouble(Numbers.real(v))).isEqualTo(v);
        }
    }

    @Test
    void veryLargeAndVerySmallNumbersUseScientificNotation() {
        assertThat(Numbers.format(1.5e-7)).isEqualTo("1.5E-7");
        assertThat(Numbers.format(2.5e13)).isEqualTo("2.5E+13");
        assertThat(Numbers.format(Double.NaN)).isEqualTo("NaN");
    }

    @Test
    void theDefaultLocaleChangesNothing() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertThat(Numbers.format(0.5)).isEqualTo("0.5");
            assertThat(Numbers.format(1234567.25)).isEqualTo("1234567.25");
        } finally {
            Locale.setDefault(before);
        }
    }
}
