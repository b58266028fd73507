package org.edgegen.config;

/**
 * An invalid scenario: its one-line message names the key, the bad value and what is allowed, so that it can be
 * shown to the user as is.
 */
public final class ConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(oneLine(message));
    }

    public ConfigurationException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** Collapses line breaks so that a message never spans several lines. */
    static String oneLine(String message) {
        return message == null ? "invalid configuration" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
