package org.edgegen.model.diffusion;

/**
 * The CLIP-score-like quality curve of edge-AIGC scheduling work:
 * Q(c) = slope·log_base(c) + offset for c >= minSteps (0 below), Q~ = min(Q, cap), ε(c) = 1 - Q~(c)/cap.
 * With the defaults (0.16, 6, -0.02, 0.27, 5): ε(5)=0.542, ε(10)=0.313, ε(20)=0.083, ε(30)=0.
 */
public record ClipQualityError(double slope, double logBase, double offset, double cap, int minSteps)
        implements ErrorModel {

    public static final ClipQualityError DEFAULT = new ClipQualityError(0.16, 6.0, -0.02, 0.27, 5);

    @Override
    public double error(int steps) {
        return 1.0 - clippedQuality(steps) / cap;
    }

    /** Q~(c) = min(Q(c), cap), never below 0. */
    public double clippedQuality(int steps) {
        if (steps < minSteps) {
            return 0.0;
        }
        double quality = slope * Math.log(steps) / Math.log(logBase) + offset;
        return Math.max(0.0, Math.min(quality, cap));
    }

    @Override
    public String kind() {
        return "clip";
    }
}
