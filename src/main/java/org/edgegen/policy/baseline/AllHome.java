package org.edgegen.policy.baseline;

import java.util.SplittableRandom;
import org.edgegen.policy.Action;
import org.edgegen.policy.Observation;
import org.edgegen.policy.Policy;

/** Every task is offloaded to the user's home BS. */
public record AllHome(StepRule stepRule) implements Policy {

    @Override
    public Action act(Observation observation, SplittableRandom random) {
        return Action.offload(0, stepRule.steps(observation));
    }

    @Override
    public String name() {
        return "all-home" + stepRule.suffix();
    }
}
