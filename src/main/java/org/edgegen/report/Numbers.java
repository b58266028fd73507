package org.edgegen.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats numbers for files meant to be compared byte for byte: independent of the locale and of the JDK's
 * floating-point printing (the exact binary value is rounded to 12 significant digits, half-even, trailing
 * zeros dropped), plain notation from 1e-4 to 1e12 and scientific notation (e.g. {@code 1.5E-7}) outside.
 */
public final class Numbers {

    private static final MathContext SIGNIFICANT = new MathContext(12, RoundingMode.HALF_EVEN);

    private Numbers() {}

    public static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        if (value == 0.0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(value).round(SIGNIFICANT).stripTrailingZeros();
        double magnitude = Math.abs(value);
        return magnitude >= 1e-4 && magnitude < 1e12 ? rounded.toPlainString() : rounded.toString();
    }

    /**
     * {@link #format}, with a decimal point even when the value is whole ({@code 0.0}, {@code 20.0},
     * {@code 1.0E+12}): a real-valued CSV column then reads as real in every run.
     */
    public static String real(double value) {
        String text = format(value);
        if (!Double.isFinite(value) || text.indexOf('.') >= 0) {
            return text;
        }
        int exponent = text.indexOf('E');
        return exponent < 0 ? text + ".0" : text.substring(0, exponent) + ".0" + text.substring(exponent);
    }

    /** JSON has no NaN or infinity: they become null. */
    static Double json(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
