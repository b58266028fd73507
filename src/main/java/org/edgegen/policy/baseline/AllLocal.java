package org.edgegen.policy.baseline;

import java.util.SplittableRandom;
import org.edgegen.policy.Action;
import org.edgegen.policy.Observation;
import org.edgegen.policy.Policy;

/** Every task is generated on the device. */
public record AllLocal(StepRule stepRule) implements Policy {

    @Override
    public Action act(Observation observation, SplittableRandom random) {
        return Action.local(stepRule.steps(observation));
    }

    @Override
    public String name() {
        return "all-local" + stepRule.suffix();
    }
}
