package org.edgegen.learn;

import java.nio.file.Path;

/** A checkpoint could not be written or read; the one-line message names the path and what is wrong. */
public final class CheckpointException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path path;

    public CheckpointException(Path path, String problem) {
        super("checkpoint " + path + ": " + problem);
        this.path = path;
    }

    public CheckpointException(Path path, String problem, Throwable cause) {
        super("checkpoint " + path + ": " + problem, cause);
        this.path = path;
    }

    /** The checkpoint directory (or file) concerned. */
    public Path path() {
        return path;
    }
}
