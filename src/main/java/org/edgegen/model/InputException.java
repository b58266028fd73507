package org.edgegen.model;

/**
 * Bad input from the user (an unknown policy name, a user id out of range, ...): its one-line message says what
 * was wrong and what is allowed, and the command line shows it without a stack trace.
 */
public class InputException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(message);
    }
}
