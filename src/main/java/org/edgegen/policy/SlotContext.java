package org.edgegen.policy;

import org.edgegen.model.network.Deployment;
import org.edgegen.model.slot.SlotDraws;
import org.edgegen.model.slot.SlotState;

/** Everything known at the start of a slot, for policies that decide for all users at once. */
public record SlotContext(Deployment deployment, SlotState state, SlotDraws draws) {}
