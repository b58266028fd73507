package org.edgegen.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.edgegen.training.RunDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of an earlier training run in a run directory ({@link #FILES}), set aside into a hidden sibling of
 * the directory while a new run starts there. The new run writes in place, so a killed run can be resumed from its
 * checkpoints; the earlier run's files are given back if the new run ends without a result of its own (a
 * checkpoint), and dropped once it has one. A set-aside copy left by a killed run is settled by the same rule when
 * the next run starts there.
 */
public final class PreviousTraining implements AutoCloseable {

    /** The files and directories of a training run, by name; other files in the directory are never moved. */
    public static final List<String> FILES = List.of(TrainFiles.CONFIG, TrainFiles.TRAIN, TrainFiles.TENSORBOARD,
            TrainFiles.CHECKPOINTS, TrainFiles.POLICY, TrainFiles.SUMMARY, ValidationFile.FILE);

    private static final Logger LOG = LoggerFactory.getLogger(PreviousTraining.class);

    private final Path dir;
    private final Path aside;
    private final Predicate<Path> hasResult;
    private boolean finished;

    private PreviousTraining(Path dir, Path aside, Predicate<Path> hasResult) {
        this.dir = dir;
        this.aside = aside;
        this.hasResult = hasResult;
    }

    /**
     * Checks {@code dir} (see {@link OutputDirectory#prepare}) and moves the files of an earlier run in it aside.
     *
     * @param hasResult whether a run directory holds a result of the new run (a checkpoint it can go on from)
     * @throws org.edgegen.model.InputException if {@code dir} is blank, a file, or cannot be created or written
     */
    public static PreviousTraining setAside(Path dir, Predicate<Path> hasResult) throws IOException {
        OutputDirectory.prepare(dir, "--out");
        Path aside = asideOf(dir);
        if (Files.exists(aside, LinkOption.NOFOLLOW_LINKS)) {
            LOG.warn("{} holds the files of a run before the one last killed in {}", aside, dir);
            settle(dir, aside, hasResult);
        }
        List<Path> present = FILES.stream().map(dir::resolve).filter(p -> Files.exists(p, LinkOption.NOFOLLOW_LINKS))
                .toList();
        if (!present.isEmpty()) {
            Files.createDirectory(aside);
            for (Path file : present) {
                Files.move(file, aside.resolve(file.getFileName().toString()));
            }
            LOG.info("the earlier run in {} is kept in {} until this run has its first checkpoint", dir, aside);
        }
        return new PreviousTraining(dir, aside, hasResult);
    }

    /**
     * A run that goes on in {@code dir} in place ({@code train --resume DIR --out DIR}): nothing is set aside, and
     * a set-aside copy left there by a killed run is settled by the rule when this run ends.
     */
    public static PreviousTraining inPlace(Path dir, Predicate<Path> hasResult) {
        return new PreviousTraining(dir, asideOf(dir), hasResult);
    }

    /** Where the earlier run's files wait: {@code .NAME.previous} beside the run directory {@code NAME}. */
    static Path asideOf(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        Path parent = absolute.getParent() == null ? absolute : absolute.getParent();
        String name = absolute.getFileName() == null ? "out" : absolute.getFileName().toString();
        return parent.resolve("." + name + ".previous");
    }

    /** The new run is complete: it replaces the earlier one whatever it holds. */
    public void finished() {
        finished = true;
    }

    /** Drops the earlier run's files if the new run finished or has a checkpoint, else puts them back. */
    @Override
    public void close() throws IOException {
        if (Files.exists(aside, LinkOption.NOFOLLOW_LINKS)) {
            settle(dir, aside, finished ? d -> true : hasResult);
        }
    }

    private static void settle(Path dir, Path aside, Predicate<Path> hasResult) throws IOException {
        if (hasResult.test(dir)) {
            RunDirectory.deleteTree(aside);
            return;
        }
        for (String name : FILES) {
            RunDirectory.deleteTree(dir.resolve(name));
        }
        List<Path> entries;
        try (Stream<Path> list = Files.list(aside)) {
            entries = list.toList();
        }
        for (Path entry : entries) {
            Files.move(entry, dir.resolve(entry.getFileName().toString()));
        }
        Files.delete(aside);
        LOG.info("the run in {} ended without a checkpoint: the earlier run's files are back", dir);
    }
}
