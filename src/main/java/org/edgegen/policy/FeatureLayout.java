package org.edgegen.policy;

import java.util.ArrayList;
import java.util.List;
import org.edgegen.model.Scenario;
import org.edgegen.model.Scenario.MdpParams;

/**
 * The feature vector of an {@link Observation} as data: every index with its name, meaning and normalisation, in
 * the order {@link ObservationBuilder} writes them. docs/observation.md, {@code explain --features} and the Python
 * bridge read it from here.
 */
public final class FeatureLayout {

    /**
     * One feature.
     *
     * @param index         its position in the vector
     * @param name          a short identifier (snake case, {@code candK_} for candidate slot K)
     * @param meaning       the raw quantity, with its SYSTEM-MODEL symbol
     * @param normalisation how the raw value becomes the feature
     */
    public record Feature(int index, String name, String meaning, String normalisation) {}

    private FeatureLayout() {}

    /** The {@link Observation#featureCount(Scenario)} features of the scenario. */
    public static List<Feature> of(Scenario scenario) {
        MdpParams mdp = scenario.mdp();
        return of(mdp.maxCandidates(), mdp.finishFeatures(), mdp.loadFeatures(), mdp.rateFeature(),
                mdp.hasPrior() ? scenario.diffusion().steps() : List.of());
    }

    /** The features for {@code maxCandidates} candidate slots, without the finish-time features. */
    public static List<Feature> of(int maxCandidates) {
        return of(maxCandidates, false);
    }

    /** The features for {@code maxCandidates} candidate slots, with the finish-time features when asked. */
    public static List<Feature> of(int maxCandidates, boolean finishFeatures) {
        return of(maxCandidates, finishFeatures, List.of());
    }

    /**
     * The features for {@code maxCandidates} candidate slots, with the finish-time features when asked and the
     * prior's features for the step choices {@code priorSteps} when that list is not empty.
     */
    public static List<Feature> of(int maxCandidates, boolean finishFeatures, List<Integer> priorSteps) {
        return of(maxCandidates, finishFeatures, false, priorSteps);
    }

    /**
     * The features for {@code maxCandidates} candidate slots, with the finish-time and the load features when asked
     * and the prior's features for the step choices {@code priorSteps} when that list is not empty.
     */
    public static List<Feature> of(int maxCandidates, boolean finishFeatures, boolean loadFeatures,
            List<Integer> priorSteps) {
        return of(maxCandidates, finishFeatures, loadFeatures, false, priorSteps);
    }

    /**
     * The features for {@code maxCandidates} candidate slots, with the finish-time, the load and the rate features
     * when asked and the prior's features for the step choices {@code priorSteps} when that list is not empty.
     */
    public static List<Feature> of(int maxCandidates, boolean finishFeatures, boolean loadFeatures,
            boolean rateFeature, List<Integer> priorSteps) {
        List<Feature> features = new ArrayList<>(Observation.featureCount(maxCandidates, finishFeatures,
                loadFeatures, rateFeature));
        add(features, "input_bits", "input size B_n of the task (0 without a task)",
                "B_n / " + number(Observation.INPUT_BITS_SCALE) + " bit");
        add(features, "local_backlog", "local backlog Q^U_n of the device, in seconds",
                "Q^U_n / T_ref, clipped to [0, " + number(Observation.BACKLOG_CLIP) + "]");
        add(features, "device_speed", "device speed 1/τ^U_n, in steps/s",
                "(1/τ^U_n) / " + number(Observation.DEVICE_SPEED_SCALE) + " steps/s");
        for (int k = 0; k < maxCandidates; k++) {
            String slot = "candidate slot " + k + (k == 0 ? " (the home BS)" : " (a neighbour, in angular order)");
            String absent = "; 0 when the slot is padding";
            add(features, "cand" + k + "_present", slot + ": present", "1 if the slot holds a BS, else 0");
            add(features, "cand" + k + "_wait", slot + ": expected wait Q_s/μ_s, in seconds",
                    "(Q_s/μ_s) / T_ref" + absent);
            add(features, "cand" + k + "_throughput", slot + ": GPU throughput μ_s, in image-steps/s",
                    "μ_s / " + number(Observation.THROUGHPUT_SCALE) + absent);
            add(features, "cand" + k + "_backhaul", slot + ": backhaul rate R^BH_{h,s} from home to s, in bit/s",
                    "R^BH_{h,s} / " + number(Observation.BACKHAUL_SCALE) + " bit/s; 0 for home" + absent);
            add(features, "cand" + k + "_arrivals", slot + ": tasks that arrived at s in the last slot",
                    "count / N" + absent);
        }
        add(features, "home_gain", "channel gain g_{n,h} to the home BS, linear",
                "(10 log10 g_{n,h} + " + number(Observation.GAIN_OFFSET_DB) + ") / "
                        + number(Observation.GAIN_SCALE_DB));
        add(features, "has_task", "whether user n has a task in this slot", "1 or 0");
        add(features, "max_error", "quality bound ε^max_n of the task (0 without a task)", "as is");
        add(features, "deadline", "deadline T^max_n of the task, in seconds (0 without a task)", "T^max_n / T_ref");
        if (finishFeatures) {
            String finish = "; clipped to [0, " + number(Observation.FINISH_CLIP) + "]; 0 without a task";
            add(features, "local_finish", "estimated delay T_n of the task on the device at c^min_n steps "
                    + "(Q^U_n + T0^U + c τ^U_n), in seconds (edgegen.mdp.finish-features)", "T_n / T_ref" + finish);
            for (int k = 0; k < maxCandidates; k++) {
                add(features, "cand" + k + "_finish", "candidate slot " + k + ": estimated delay T_n of the task "
                        + "offloaded there at c^min_n steps (wait, upload, relay, compute, download, as greedy-local "
                        + "estimates it), in seconds (edgegen.mdp.finish-features)",
                        "T_n / T_ref" + finish + " and when the slot is padding");
            }
        }
        if (loadFeatures) {
            String key = " (edgegen.mdp.load-features)";
            add(features, "home_users", "users N_h whose home is the user's home BS h" + key,
                    "N_h / " + number(Observation.HOME_USERS_SCALE));
            add(features, "home_requests", "expected requests per slot of the home cell, N_h·p_a, in tasks" + key,
                    "N_h·p_a / " + number(Observation.HOME_REQUESTS_SCALE));
            add(features, "home_arrivals", "tasks that arrived at the home BS in the last slot" + key,
                    "count / " + number(Observation.HOME_ARRIVALS_SCALE) + " (not / N)");
        }
        if (rateFeature) {
            add(features, "arrival_probability", "task arrival probability p_a of the scenario, the episode's draw "
                    + "when training draws it (edgegen.mdp.rate-feature)", "as is");
        }
        if (!priorSteps.isEmpty()) {
            String prior = " (edgegen.mdp.prior; the actor adds it to the logit of that option)";
            String value = "mdp.prior-weight if the prior takes it, else 0; 0 without a task";
            add(features, "prior_local", "whether the prior baseline keeps the task on the device" + prior, value);
            add(features, "prior_offload", "whether the prior baseline offloads the task" + prior, value);
            for (int k = 0; k < maxCandidates; k++) {
                add(features, "prior_cand" + k, "whether the prior baseline offloads to candidate slot " + k + prior,
                        value + " and when it stays local");
            }
            for (int c : priorSteps) {
                add(features, "prior_steps" + c, "whether the prior baseline takes c = " + c + " steps" + prior, value);
            }
        }
        return List.copyOf(features);
    }

    /**
     * The index of the feature called {@code name}, in the vector with the finish-time features on (and the load
     * and rate features on, for their names; no prior).
     */
    public static int indexOf(int maxCandidates, String name) {
        return of(maxCandidates, true, true, true, List.of()).stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no feature " + name)).index();
    }

    private static void add(List<Feature> features, String name, String meaning, String normalisation) {
        features.add(new Feature(features.size(), name, meaning, normalisation));
    }

    private static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            long whole = (long) value;
            if (whole != 0 && whole % 1_000_000 == 0) {
                return (whole / 1_000_000) + "e6";
            }
            return Long.toString(whole);
        }
        return Double.toString(value);
    }
}
