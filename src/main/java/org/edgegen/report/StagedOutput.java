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
    private final boolean kept;
    private boolean committed;
    private boolean discard;

    private StagedOutput(Path out, Path stage, boolean kept) {
        this.out = out;
        this.stage = stage;
        this.kept = kept;
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
        return new StagedOutput(out, Files.createTempDirectory(parent, "." + name + ".staging-"), false);
    }

    /**
     * Like {@link #begin}, with a staging directory named by {@code key} ({@code .NAME.staging-KEY} beside
     * {@code out}) that outlives a run that did not complete: a later run of the same key finds what it staged
     * (see {@link RunFiles#readResumePoint}) and goes on from there. It is deleted once committed, or on {@link #close} after
     * {@link #discard}.
     *
     * @param key letters and digits only
     */
    public static StagedOutput resumable(Path out, String option, String key) throws IOException {
        if (!key.matches("[A-Za-z0-9]{1,64}")) {
            throw new IllegalArgumentException("a staging key is 1 to 64 letters and digits, got '" + key + "'");
        }
        OutputDirectory.prepare(out, option);
        Path absolute = out.toAbsolutePath().normalize();
        Path parent = absolute.getParent() == null ? absolute : absolute.getParent();
        String name = absolute.getFileName() == null ? "out" : absolute.getFileName().toString();
        Path stage = parent.resolve("." + name + ".staging-" + key);
        Files.createDirectories(stage);
        return new StagedOutput(out, stage, true);
    }

    /** Whether this is a {@link #resumable} staging directory. */
    public boolean resumable() {
        return kept;
    }

    /** Has {@link #close} delete a {@link #resumable} staging directory that was not committed. */
    public void discard() {
        discard = true;
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
        if (!kept || committed || discard) {
            RunDirectory.deleteTree(stage);
        }
    }

    /** Whether the run's files are in the output directory. */
    public boolean committed() {
        return committed;
    }
}
