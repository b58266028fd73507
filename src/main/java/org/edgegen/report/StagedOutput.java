package org.edgegen.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.edgegen.training.RunDirectory;

/**
 * A run's files written into a temporary sibling of its output directory, which replace the files of the same
 * names in the output directory only when the run succeeds ({@link #commit}); a failed run ({@link #close} without
 * commit) leaves the output directory as it found it. Files of other names in the output directory are kept.
 */
public final class StagedOutput implements AutoCloseable {

    private final Path out;
    private final Path stage;
    private boolean committed;

    private StagedOutput(Path out, Path stage) {
        this.out = out;
        this.stage = stage;
    }

    /**
     * Checks {@code out} (see {@link OutputDirectory#prepare}) and creates an empty staging directory beside it.
     *
     * @throws org.edgegen.model.InputException if {@code out} is blank, a file, or cannot be created or written
     */
    public static StagedOutput begin(Path out, String option) throws IOException {
        OutputDirectory.prepare(out, option);
        Path absolute = out.toAbsolutePath().normalize();
        Path parent = absolute.getParent() == null ? absolute : absolute.getParent();
        String name = absolute.getFileName() == null ? "out" : absolute.getFileName().toString();
        return new StagedOutput(out, Files.createTempDirectory(parent, "." + name + ".staging-"));
    }

    /** Where the run writes its files until it is committed. */
    public Path dir() {
        return stage;
    }

    /** Moves every staged file and directory into the output directory, replacing those of the same names. */
    public void commit() throws IOException {
        List<Path> entries;
        try (Stream<Path> list = Files.list(stage)) {
            entries = list.sorted().toList();
        }
        for (Path entry : entries) {
            Path target = out.resolve(entry.getFileName().toString());
            if (Files.isDirectory(target)) {
                RunDirectory.deleteTree(target);
            }
            Files.move(entry, target, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
        RunDirectory.deleteTree(stage);
    }

    /** Deletes the staging directory; before {@link #commit} that drops the run's files. */
    @Override
    public void close() throws IOException {
        RunDirectory.deleteTree(stage);
    }

    /** Whether the run's files are in the output directory. */
    public boolean committed() {
        return committed;
    }
}
