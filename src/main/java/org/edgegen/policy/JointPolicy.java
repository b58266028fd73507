package org.edgegen.policy;

import org.edgegen.model.slot.Decision;

/** Decides every user's action of a slot; decentralised policies are wrapped, Opt is inherently joint. */
public interface JointPolicy {

    /** One decision per user ({@link Decision#NONE} for users without a task). */
    Decision[] decide(SlotContext context);

    String name();
}
