package org.edgegen.report;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.edgegen.model.InputException;

/** A directory a command writes its results into, created on demand; a path that cannot be one is a user error. */
public final class OutputDirectory {

    private OutputDirectory() {}

    /**
     * Makes sure {@code dir} is a writable directory, creating it and its parents if needed.
     *
     * @param option the option that named it, for the message (e.g. {@code --out})
     * @throws InputException if it is blank, is a file, lies under a file, or cannot be created or written
     */
    public static Path prepare(Path dir, String option) {
        if (dir.toString().isBlank()) {
            throw new InputException(option + " is blank: allowed a directory path, e.g. " + option + " runs/first");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InputException(option + " " + dir + " is a file, not a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new InputException(option + " " + dir + " cannot be created: " + e.getFile() + " is a file");
        } catch (IOException e) {
            throw new InputException(option + " " + dir + " cannot be created: " + describe(e));
        }
        if (!Files.isWritable(dir)) {
            throw new InputException(option + " " + dir + " is not writable");
        }
        return dir;
    }

    /**
     * Checks that {@code dir} could be prepared, without creating anything: not blank, not a file, its nearest
     * existing ancestor a writable directory. For a run that another process (a cluster node) will write.
     *
     * @throws InputException as {@link #prepare} would
     */
    public static Path check(Path dir, String option) {
        if (dir.toString().isBlank()) {
            throw new InputException(option + " is blank: allowed a directory path, e.g. " + option + " runs/first");
        }
        Path absolute = dir.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new InputException(option + " " + dir + " cannot be created: no such file or directory");
        }
        if (!Files.isDirectory(existing)) {
            throw new InputException(existing.equals(absolute) ? option + " " + dir + " is a file, not a directory"
                    : option + " " + dir + " cannot be created: " + existing + " is a file");
        }
        if (!Files.isWritable(existing)) {
            throw new InputException(option + " " + dir + (existing.equals(absolute) ? " is not writable"
                    : " cannot be created: " + existing + ": permission denied"));
        }
        return dir;
    }

    private static String describe(IOException e) {
        if (e instanceof FileSystemException failed) {
            String reason = failed.getReason();
            if (reason == null) {
                reason = e instanceof AccessDeniedException ? "permission denied"
                        : e instanceof NoSuchFileException ? "no such file or directory"
                        : e.getClass().getSimpleName();
            }
            return failed.getFile() == null ? reason : failed.getFile() + ": " + reason;
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
