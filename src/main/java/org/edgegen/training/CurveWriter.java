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

    /** Flushes and closes; safe to call more than once. */
    @Override
    void close();

    /** Opens a writer whose files go into a directory (created if needed). */
    @FunctionalInterface
    interface Factory {
        CurveWriter open(Path dir);
    }
}
