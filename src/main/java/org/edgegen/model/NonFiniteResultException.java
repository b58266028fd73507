package org.edgegen.model;

/**
 * A result that is NaN or infinite: a formula overflowed for the scenario's values. Its one-line message names the
 * episode, slot, user and quantity, so that a run stops loudly instead of writing NaN into its files.
 */
public final class NonFiniteResultException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public NonFiniteResultException(String message) {
        super(message);
    }
}
