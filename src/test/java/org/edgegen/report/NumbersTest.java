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
