package org.edgegen.policy.baseline;

import org.edgegen.policy.Observation;

/** How a baseline picks its number of denoising steps: c^min_n of the task, or a fixed count. */
public record StepRule(int fixedSteps) {

    /** c = c^min_n. */
    public static final StepRule MIN = new StepRule(0);

    public static StepRule fixed(int steps) {
        return new StepRule(steps);
    }

    public int steps(Observation observation) {
        return fixedSteps > 0 ? fixedSteps : observation.minSteps();
    }

    /** The suffix of the baseline's name: empty for c^min, "-c" for a fixed c. */
    public String suffix() {
        return fixedSteps > 0 ? "-" + fixedSteps : "";
    }
}
