package org.edgegen.training;

import org.edgegen.cluster.CborSerializable;




/**
 * One decision of one user, as its actor records it for the learner: what it saw, what it chose with which
 * probability under which policy version, and its own penalty. The reward needs the slot's shared mean cost as
 * well, which only the coordinator knows: r = -meanCost(slot) - penalty.
 *
 * @param features       the normalised observation vector
 * @param offloadMask    valid choices of the x head
 * @param serverMask     valid choices of the y head
 * @param stepsMask      valid choices of the c head
 * @param logProb        log π(a) under {@code policyVersion}
 * @param penalty        r^P_n of the task's outcome
 */
public record Transition(
        int slot,
        double[] features,
        boolean[] offloadMask,
        boolean[] serverMask,
        boolean[] stepsMask,
        int offloadIndex,
        int serverIndex,
        int stepIndex,
        double logProb,
        long policyVersion,
        double penalty) implements CborSerializable {}
