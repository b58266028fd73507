package org.edgegen.model.diffusion;

import java.util.List;

/** The finite set C of denoising-step counts a user may choose, in increasing order, with its error model. */
public record StepChoices(List<Integer> steps, ErrorModel errorModel) {

    public StepChoices {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("step choices must not be empty");
        }
        for (int i = 1; i < steps.size(); i++) {
            if (steps.get(i) <= steps.get(i - 1)) {
                throw new IllegalArgumentException("step choices must be strictly increasing: " + steps);
            }
        }
    }

    public int size() {
        return steps.size();
    }

    public int steps(int index) {
        return steps.get(index);
    }

    public int indexOf(int stepCount) {
        int index = steps.indexOf(stepCount);
        if (index < 0) {
            throw new IllegalArgumentException(stepCount + " is not one of the step choices " + steps);
        }
        return index;
    }

    public int maxSteps() {
        return steps.get(steps.size() - 1);
    }

    /** ε(c) of the configured error model. */
    public double error(int stepCount) {
        return errorModel.error(stepCount);
    }

    /**
     * c^min_n: the smallest c in C with ε(c) <= ε^max_n. When no choice meets the requirement the largest c
     * is returned (the best the model can do; the quality penalty then applies).
     */
    public int minStepsFor(double maxError) {
        for (int c : steps) {
            if (errorModel.error(c) <= maxError) {
                return c;
            }
        }
        return maxSteps();
    }

    /** Mean of C, used to turn a background utilisation into a request rate. */
    public double meanSteps() {
        return steps.stream().mapToInt(Integer::intValue).average().orElseThrow();
    }
}
