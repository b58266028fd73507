package org.edgegen.training;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where a training run's curves go, one point per curve and step: {@code learn} writes them as TensorBoard event
 * files, so {@code report} can write them without knowing TensorFlow. Not thread-safe.
 */
public interface CurveWriter extends AutoCloseable {

    /**
     * Writes what the run is, once, before its first {@link #scalars}: its hyper-parameters, the tags of its curves
     * and its configuration (in TensorBoard: the HPARAMS tab and a text summary), then flushes.
     */
    void describe(RunDescription run);

    /** Writes one point of each curve (by name, in the map's order) at {@code step}, then flushes. */
    void scalars(long step, Map<String, Double> points);

    /**
     * Writes how the run ended, once, after its last {@link #scalars}, at {@code step} (its last episode), then
     * flushes: in TensorBoard a text record {@code status} naming it ({@code status}, e.g. "complete after 20
     * episodes") and, for a run that completed or failed, the session's end with that status (the HPARAMS tab's
     * Status column). An interrupted run, which can go on with {@code --resume}, gets no session end, since
     * TensorBoard keeps the first one of a run: the tab shows it as Unknown until the resumed run ends.
     */
    void end(Ending ending, String status, long step);

    /** How a run ended. */
    enum Ending {
        /** Every requested episode played. */
        COMPLETE,
        /** Stopped by a signal or a cancel, with a checkpoint to resume from. */
        INTERRUPTED,
        /** Ended by an error. */
        FAILED
    }

    /** Flushes and closes; safe to call more than once. */
    @Override
    void close();

    /** Opens a writer whose files go into a directory (created if needed). */
    @FunctionalInterface
    interface Factory {
        CurveWriter open(Path dir);
    }
}
