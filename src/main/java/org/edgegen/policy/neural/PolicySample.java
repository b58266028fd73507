package org.edgegen.policy.neural;

import org.edgegen.policy.Action;

/**
 * An action chosen by the actor network, with what PPO needs to learn from it later.
 *
 * @param action        the action a = (x, y, c)
 * @param offloadIndex  x: 0 local, 1 offload
 * @param serverIndex   y: the candidate slot (0 = home; 0 as well when x = 0, where it is ignored)
 * @param stepIndex     c as an index into the step choices C
 * @param logProb       log π(a) = log π(x) + [x = offload]·log π(y) + log π(c), in nats
 * @param version       the policy version that chose it
 */
public record PolicySample(Action action, int offloadIndex, int serverIndex, int stepIndex, double logProb,
        long version) {}
