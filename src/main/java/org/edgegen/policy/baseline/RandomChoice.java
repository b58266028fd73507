package org.edgegen.policy.baseline;

import java.util.SplittableRandom;
import org.edgegen.policy.Action;
import org.edgegen.policy.ActionSpace;
import org.edgegen.policy.Observation;
import org.edgegen.policy.Policy;

/** A uniformly random valid action (over the flattened action space, masked). */
public record RandomChoice(ActionSpace space) implements Policy {

    @Override
    public Action act(Observation observation, SplittableRandom random) {
        int[] valid = observation.mask().validIndices();
        return space.action(valid[random.nextInt(valid.length)]);
    }

    @Override
    public String name() {
        return "random";
    }
}
