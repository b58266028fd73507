package org.edgegen.policy;

import org.edgegen.model.InputException;
import org.edgegen.model.SystemModel;
import org.edgegen.model.slot.Decision;
import org.edgegen.model.slot.SlotRecord;
import org.edgegen.model.slot.SlotResolver;
import org.edgegen.model.slot.SlotResult;

/**
 * The direct engine one slot at a time, for a caller that chooses every agent's action itself (the gRPC bridge):
 * the same draws and the same {@link SlotResolver} as {@link EpisodeLoop}, so a slot played here equals the slot
 * {@code simulate --engine direct} plays with the same actions. Not thread-safe: one caller at a time.
 */
public final class EpisodeStepper extends SteppedEpisode {

    private final SlotResolver resolver;

    public EpisodeStepper(SystemModel model, long seed) {
        super(model, seed);
        this.resolver = new SlotResolver(model);
    }

    /**
     * Plays the current slot with one flattened action index per user (ignored for users without a task) and moves
     * to the next slot.
     *
     * @throws InputException for the wrong number of actions, an index outside the action space, or a step
     *                        outside an episode
     */
    @Override
    public SlotRecord step(int[] actions) {
        Decision[] decisions = decisions(actions);
        SlotContext slotNow = context();
        SlotResult result = resolver.resolve(slotNow.deployment(), slotNow.state(), slotNow.draws(), decisions);
        return advance(new SlotRecord(episode(), slot(), result.outcomes(), result.meanCost()), result.next());
    }
}
