package org.edgegen.config;

/**
 * The allowed interval of a numeric setting, with a bound on either side that may be open, closed or absent.
 * {@link #describe()} gives the text used in error messages, e.g. {@code 0 <= value < 1}.
 */
public record Bound(double lower, boolean lowerInclusive, double upper, boolean upperInclusive) {

    public static Bound any() {
        return new Bound(Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, false);
    }

    /** value > 0 */
    public static Bound positive() {
        return new Bound(0, false, Double.POSITIVE_INFINITY, false);
    }

    /** value >= 0 */
    public static Bound nonNegative() {
        return atLeast(0);
    }

    /** value >= lower */
    public static Bound atLeast(double lower) {
        return new Bound(lower, true, Double.POSITIVE_INFINITY, false);
    }

    /** value > lower */
    public static Bound above(double lower) {
        return new Bound(lower, false, Double.POSITIVE_INFINITY, false);
    }

    /** lower <= value <= upper */
    public static Bound closed(double lower, double upper) {
        return new Bound(lower, true, upper, true);
    }

    /** lower <= value < upper */
    public static Bound closedOpen(double lower, double upper) {
        return new Bound(lower, true, upper, false);
    }

    /** lower < value <= upper */
    public static Bound openClosed(double lower, double upper) {
        return new Bound(lower, false, upper, true);
    }

    public boolean contains(double value) {
        if (Double.isNaN(value)) {
            return false;
        }
        boolean aboveLower = lowerInclusive ? value >= lower : value > lower;
        boolean belowUpper = upperInclusive ? value <= upper : value < upper;
        return aboveLower && belowUpper;
    }

    /** The interval as an inequality in {@code value}, e.g. {@code 0 <= value <= 1} or {@code value > 0}. */
    public String describe() {
        boolean hasLower = lower != Double.NEGATIVE_INFINITY;
        boolean hasUpper = upper != Double.POSITIVE_INFINITY;
        String lowerOp = lowerInclusive ? " <= " : " < ";
        String upperOp = upperInclusive ? " <= " : " < ";
        if (hasLower && hasUpper) {
            return format(lower) + lowerOp + "value" + upperOp + format(upper);
        }
        if (hasLower) {
            return "value" + (lowerInclusive ? " >= " : " > ") + format(lower);
        }
        if (hasUpper) {
            return "value" + upperOp + format(upper);
        }
        return "any finite number";
    }

    static String format(double number) {
        if (number == Math.rint(number) && Math.abs(number) < 1e15) {
            return Long.toString((long) number);
        }
        return Double.toString(number);
    }
}
