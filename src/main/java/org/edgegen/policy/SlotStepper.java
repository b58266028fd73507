package org.edgegen.policy;

import java.util.List;
import org.edgegen.model.SystemModel;
import org.edgegen.model.network.Deployment;
import org.edgegen.model.slot.SlotRecord;
import org.edgegen.model.slot.SlotState;

/**
 * An engine played one slot at a time by a caller that chooses every agent's action itself (the gRPC bridge):
 * {@link EpisodeStepper} on the direct engine, or the actor engine's stepper. Not thread-safe: one caller at a time.
 */
public interface SlotStepper extends AutoCloseable {

    SystemModel model();

    ActionSpace actionSpace();

    /** Starts {@code episode} of the run seed at slot 0. */
    void reset(int episode);

    /** The episode being played, -1 before the first reset. */
    int episode();

    /** The slot the next step plays ({@link SystemModel#slotsPerEpisode()} once the episode is over). */
    int slot();

    boolean episodeOver();

    /** The state at the start of the current slot. */
    SlotState state();

    /** The state at the start of the current slot, or at the end of the last slot once the episode is over. */
    SlotState latestState();

    /** The episode's users and their home BSs (drawn at reset). */
    Deployment deployment();

    /** Every user's observation of the current slot, in user order. */
    List<Observation> observations();

    /** The same observations in the bridge's packed form ({@link ObservationBuilder#observeAll}). */
    PackedObservations packedObservations();

    /** Plays the current slot with one flattened action index per user and moves to the next slot. */
    SlotRecord step(int[] actions);

    /** What the named baseline plays in the current slot, as one flattened action index per user. */
    int[] actionsOf(PolicyCatalog catalog, String name);

    /** Releases what the engine holds (the actor engine's actor system); the direct engine holds nothing. */
    @Override
    default void close() {}
}
