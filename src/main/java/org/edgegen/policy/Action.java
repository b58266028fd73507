package org.edgegen.policy;

/**
 * An agent's action a_n = (x_n, y_n, c_n): offload or not, which candidate server (0 = home, then neighbours in
 * angular order; ignored when not offloading) and how many denoising steps.
 */
public record Action(boolean offload, int server, int steps) {

    public static Action local(int steps) {
        return new Action(false, 0, steps);
    }

    public static Action offload(int server, int steps) {
        return new Action(true, server, steps);
    }
}
