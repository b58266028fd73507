package org.edgegen.model.diffusion;

/** Generation error ε(c) of the diffusion model after c denoising steps; never rises with c. */
public sealed interface ErrorModel permits ClipQualityError, PowerLawError {

    /** ε(c) for c denoising steps, in [0, 1]. */
    double error(int steps);

    /** The name used in the scenario file ({@code clip} or {@code power-law}). */
    String kind();
}
