package org.edgegen.model;

import java.util.random.RandomGenerator;

/** A closed interval [min, max] from which a quantity is drawn uniformly. */
public record Range(double min, double max) {

    public Range {
        if (!(min <= max)) {
            throw new IllegalArgumentException("range min " + min + " is above max " + max);
        }
    }

    /** Uniform draw in [min, max]; a degenerate range always gives min. */
    public double draw(RandomGenerator random) {
        return min == max ? min : min + (max - min) * random.nextDouble();
    }

    public double mean() {
        return 0.5 * (min + max);
    }

    public Range scaled(double factor) {
        return new Range(min * factor, max * factor);
    }
}
