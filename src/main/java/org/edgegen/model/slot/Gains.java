package org.edgegen.model.slot;

/**
 * g_{n,b}(l) of one slot for any user and BS. Gains are a pure function of (seed, episode, slot, user, BS), so a BS
 * can compute a foreign user's gain to itself once it knows that the user transmits.
 */
@FunctionalInterface
public interface Gains {

    /** g_{n,b}(l), linear. */
    double gain(int user, int bs);
}
