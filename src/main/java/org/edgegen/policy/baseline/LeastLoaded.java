package org.edgegen.policy.baseline;

import java.util.List;
import java.util.SplittableRandom;
import org.edgegen.policy.Action;
import org.edgegen.policy.CandidateView;
import org.edgegen.policy.Observation;
import org.edgegen.policy.Policy;

/** Offload to the candidate server with the smallest expected wait Q_s/μ_s (ties to the home BS). */
public record LeastLoaded(StepRule stepRule) implements Policy {

    @Override
    public Action act(Observation observation, SplittableRandom random) {
        List<CandidateView> candidates = observation.candidates();
        int best = 0;
        for (int k = 1; k < candidates.size(); k++) {
            if (candidates.get(k).expectedWaitSeconds() < candidates.get(best).expectedWaitSeconds()) {
                best = k;
            }
        }
        return Action.offload(best, stepRule.steps(observation));
    }

    @Override
    public String name() {
        return "least-loaded" + stepRule.suffix();
    }
}
