package org.edgegen.policy;

import java.util.ArrayList;
import java.util.List;
import org.edgegen.model.SystemModel;
import org.edgegen.model.network.Deployment;
import org.edgegen.model.slot.Decision;
import org.edgegen.model.slot.SlotDraws;
import org.edgegen.model.slot.SlotRecord;
import org.edgegen.model.slot.SlotResolver;
import org.edgegen.model.slot.SlotResult;
import org.edgegen.model.slot.SlotState;

/**
 * Plays whole episodes in one thread, without actors: the direct evaluation of the model that the actor simulation
 * must reproduce exactly, and the bare loop the benchmark compares against.
 */
public final class EpisodeLoop {

    private final SystemModel model;
    private final SlotResolver resolver;

    public EpisodeLoop(SystemModel model) {
        this.model = model;
        this.resolver = new SlotResolver(model);
    }

    /** What a caller sees of each slot played, in slot order (the episode map draws from it). */
    @FunctionalInterface
    public interface SlotObserver {

        /**
         * @param context   the slot's start: deployment, carried-in state (queues) and draws
         * @param decisions every user's decision ({@link org.edgegen.model.slot.Decision.Kind#NONE} without a task)
         * @param result    the slot's outcomes and the state carried into the next slot
         */
        void slotPlayed(int slot, SlotContext context, Decision[] decisions, SlotResult result);
    }

    /** Plays {@code episode} with every user acting by {@code policy}; one record per slot. */
    public List<SlotRecord> play(JointPolicy policy, long seed, int episode) {
        return play(policy, seed, episode, (slot, context, decisions, result) -> { });
    }

    /** {@link #play(JointPolicy, long, int)}, showing {@code observer} every slot as it is played. */
    public List<SlotRecord> play(JointPolicy policy, long seed, int episode, SlotObserver observer) {
        Deployment deployment = Deployment.draw(model, seed, episode);
        SlotState state = SlotState.initial(deployment.userCount(), model.cellCount());
        List<SlotRecord> records = new ArrayList<>(model.slotsPerEpisode());
        for (int slot = 0; slot < model.slotsPerEpisode(); slot++) {
            SlotDraws draws = SlotDraws.draw(model, deployment, seed, episode, slot);
            SlotContext context = new SlotContext(deployment, state, draws);
            Decision[] decisions = policy.decide(context);
            SlotResult result = resolver.resolve(deployment, state, draws, decisions);
            observer.slotPlayed(slot, context, decisions.clone(), result);
            records.add(new SlotRecord(episode, slot, result.outcomes(), result.meanCost()));
            state = result.next();
        }
        return records;
    }
}
