package org.edgegen.model.diffusion;

/**
 * Batched step time of an edge GPU: one denoising step for k concurrent requests takes
 * τ_b(k) = a_b + β_b·k seconds, so the saturated throughput is μ_b = 1/β_b image-steps per second.
 *
 * @param name                 the GPU's name as written in the scenario (e.g. {@code A100})
 * @param stepOverheadSeconds  a_b, the fixed part of one batched step
 * @param stepSecondsPerImage  β_b, the per-request part of one batched step
 */
public record GpuProfile(String name, double stepOverheadSeconds, double stepSecondsPerImage) {

    public GpuProfile {
        if (!(stepOverheadSeconds >= 0)) {
            throw new IllegalArgumentException("GPU " + name + ": a_b must be >= 0, got " + stepOverheadSeconds);
        }
        if (!(stepSecondsPerImage > 0)) {
            throw new IllegalArgumentException("GPU " + name + ": β_b must be > 0, got " + stepSecondsPerImage);
        }
    }

    /** τ_b(k) = a_b + β_b·k: seconds for one denoising step of a batch of k requests. */
    public double stepSeconds(int batchSize) {
        return stepOverheadSeconds + stepSecondsPerImage * batchSize;
    }

    /** μ_b = 1/β_b: saturated throughput in image-steps per second. */
    public double throughputImageStepsPerSecond() {
        return 1.0 / stepSecondsPerImage;
    }

    /** Q_b/μ_b: the expected wait in seconds behind a backlog of {@code backlogImageSteps} image-steps. */
    public double expectedWaitSeconds(double backlogImageSteps) {
        return backlogImageSteps / throughputImageStepsPerSecond();
    }
}
