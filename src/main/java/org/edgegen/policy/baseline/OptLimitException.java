package org.edgegen.policy.baseline;

import org.edgegen.model.InputException;

/** Thrown when a slot is too large for the exact per-slot optimum: the scenario is too big for Opt. */
public final class OptLimitException extends InputException {

    private static final long serialVersionUID = 1L;

    public OptLimitException(String message) {
        super(message);
    }
}
