package org.edgegen.learn;

/**
 * Generalised advantage estimation GAE(γ, λ) for one agent's trajectory:
 * δ_t = r_t + γ (1 - d_t) V_{t+1} - V_t and A_t = δ_t + γ λ (1 - d_t) A_{t+1}, with V_T the value after the last
 * step; the critic's targets are the returns A_t + V_t.
 */
public final class Gae {

    /** Advantages A_t and returns A_t + V_t, one per step. */
    public record Targets(double[] advantages, double[] returns) {

        public Targets {
            advantages = advantages.clone();
            returns = returns.clone();
        }

        @Override
        public double[] advantages() {
            return advantages.clone();
        }

        @Override
        public double[] returns() {
            return returns.clone();
        }
    }

    private Gae() {}

    /**
     * @param rewards   r_t
     * @param values    V(s_t) from the critic
     * @param dones     d_t: the episode ended after step t (no bootstrap across it)
     * @param lastValue V(s_T) after the last step (ignored when the last step is done)
     * @param gamma     discount γ
     * @param lambda    λ
     */
    public static Targets compute(double[] rewards, double[] values, boolean[] dones, double lastValue, double gamma,
            double lambda) {
        int n = rewards.length;
        if (values.length != n || dones.length != n) {
            throw new IllegalArgumentException("rewards, values and dones differ in length: " + n + ", "
                    + values.length + ", " + dones.length);
        }
        double[] advantages = new double[n];
        double[] returns = new double[n];
        double nextValue = lastValue;
        double nextAdvantage = 0;
        for (int t = n - 1; t >= 0; t--) {
            double notDone = dones[t] ? 0.0 : 1.0;
            double delta = rewards[t] + gamma * notDone * nextValue - values[t];
            advantages[t] = delta + gamma * lambda * notDone * nextAdvantage;
            returns[t] = advantages[t] + values[t];
            nextValue = values[t];
            nextAdvantage = advantages[t];
        }
        return new Targets(advantages, returns);
    }
}
