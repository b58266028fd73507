package org.edgegen.model.diffusion;

import java.util.List;
import java.util.Objects;

/**
 * The finite set C of denoising-step counts a user may choose, in increasing order, with its error model. A value
 * class (equal when the steps and the error model are), with ε(c) of each choice computed once.
 */
public final class StepChoices {

    private final List<Integer> steps;
    private final ErrorModel errorModel;
    /** ε(c) of each choice, in the order of {@link #steps}. */
    private final double[] errors;

    public StepChoices(List<Integer> steps, ErrorModel errorModel) {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("step choices must not be empty");
        }
        for (int i = 1; i < steps.size(); i++) {
            if (steps.get(i) <= steps.get(i - 1)) {
                throw new IllegalArgumentException("step choices must be strictly increasing: " + steps);
            }
        }
        this.steps = steps;
        this.errorModel = errorModel;
        this.errors = new double[steps.size()];
        for (int i = 0; i < errors.length; i++) {
            errors[i] = errorModel.error(steps.get(i));
        }
    }

    public List<Integer> steps() {
        return steps;
    }

    public ErrorModel errorModel() {
        return errorModel;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StepChoices other && steps.equals(other.steps)
                && Objects.equals(errorModel, other.errorModel);
    }

    @Override
    public int hashCode() {
        return 31 * steps.hashCode() + Objects.hashCode(errorModel);
    }

    @Override
    public String toString() {
        return "StepChoices[steps=" + steps + ", errorModel=" + errorModel + "]";
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
        for (int i = 0; i < errors.length; i++) {
            if (errors[i] <= maxError) {
                return steps.get(i);
            }
        }
        return maxSteps();
    }

    /** Mean of C, used to turn a background utilisation into a request rate. */
    public double meanSteps() {
        return steps.stream().mapToInt(Integer::intValue).average().orElseThrow();
    }
}
