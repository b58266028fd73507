package org.edgegen.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sub-directories of a training run's directory that both the learner ({@code learn}: checkpoints, the final
 * policy) and the run's files ({@code report}: curves, clean-up on a new run) know by name.
 */
public final class RunDirectory {

    /** The checkpoints, one directory per kept checkpoint. */
    public static final String CHECKPOINTS = "checkpoints";
    /** The final actor as a SavedModel. */
    public static final String POLICY = "policy";
    /** The curves as TensorBoard event files. */
    public static final String TENSORBOARD = "tensorboard";

    private RunDirectory() {}

    /** Deletes {@code dir} with everything in it; nothing if it does not exist. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : paths) {
            Files.delete(p);
        }
    }
}
