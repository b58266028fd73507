package org.edgegen.model.slot;

/**
 * R^BH_{b,b'} of an episode, as the caller knows it: the whole deployment for a BS or the direct loop, only the
 * candidate servers' rates for a user estimating its own cost.
 */
@FunctionalInterface
public interface BackhaulRates {

    /** R^BH from {@code fromBs} to {@code toBs}, bit/s. */
    double bitsPerSecond(int fromBs, int toBs);
}
