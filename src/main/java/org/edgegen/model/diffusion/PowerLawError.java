package org.edgegen.model.diffusion;

/**
 * Power-law error of DDIM FID-vs-steps fits: ε(c) = (c/c_ref)^(-β), capped at 1.
 * β ∈ {0.46, 1.0, 1.72} reproduce the three published fits; c_ref is the smallest step count considered.
 */
public record PowerLawError(double beta, int referenceSteps) implements ErrorModel {

    @Override
    public double error(int steps) {
        if (steps <= 0) {
            return 1.0;
        }
        return Math.min(1.0, Math.pow((double) steps / referenceSteps, -beta));
    }

    @Override
    public String kind() {
        return "power-law";
    }
}
