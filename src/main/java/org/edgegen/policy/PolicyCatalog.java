package org.edgegen.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.edgegen.model.InputException;
import org.edgegen.model.SystemModel;
import org.edgegen.policy.baseline.AllHome;
import org.edgegen.policy.baseline.AllLocal;
import org.edgegen.policy.baseline.CentralGreedy;
import org.edgegen.policy.baseline.CentralLeastFinish;
import org.edgegen.policy.baseline.GreedyLocal;
import org.edgegen.policy.baseline.LeastFinish;
import org.edgegen.policy.baseline.LeastLoaded;
import org.edgegen.policy.baseline.Opt;
import org.edgegen.policy.baseline.RandomChoice;
import org.edgegen.policy.baseline.StepRule;

/**
 * The baselines by their command-line names. {@code all-local}, {@code all-home}, {@code greedy-local} and
 * {@code least-loaded} use c = c^min_n; a suffix {@code -C} fixes the steps to C (e.g. {@code all-home-30},
 * {@code greedy-local-20}); {@code random} and {@code opt} take no suffix. {@code least-finish} and
 * {@code central-least-finish} choose their steps, {@code -min} and {@code -C} hold them (see {@link LeastFinish});
 * {@code central-greedy} takes no suffix. {@link BaselineKind#of} tells which kind each is.
 */
public final class PolicyCatalog {

    /**
     * The default list (evaluate, explain) and the names listed in help texts: the decentralised baselines, then
     * the centralised references; every fixed-step variant of the step-taking baselines also works.
     */
    public static final List<String> NAMES = List.of(
            "all-local", "all-local-30", "all-home", "all-home-30", "random", "greedy-local", "least-loaded",
            "least-finish", "least-finish-min", "opt", "central-greedy", "central-least-finish",
            "central-least-finish-min");

    private static final Pattern NAME = Pattern.compile("(all-local|all-home|greedy-local|least-loaded)(?:-(\\d{1,9}))?");

    private final SystemModel model;
    private final ObservationBuilder observations;

    public PolicyCatalog(SystemModel model) {
        this.model = model;
        this.observations = new ObservationBuilder(model);
    }

    public ObservationBuilder observations() {
        return observations;
    }

    /** The decentralised baseline with this name, if there is one ({@code opt} is joint and not here). */
    public Optional<Policy> perUser(String name) {
        if (name.equals("random")) {
            return Optional.of(new RandomChoice(observations.actionSpace()));
        }
        Matcher matcher = NAME.matcher(name);
        if (!matcher.matches()) {
            return LeastFinish.named(name, observations.actionSpace(), new CostEstimator(model)).map(p -> p);
        }
        StepRule rule = StepRule.MIN;
        if (matcher.group(2) != null) {
            int steps = Integer.parseInt(matcher.group(2));
            if (!model.steps().steps().contains(steps)) {
                return Optional.empty();
            }
            rule = StepRule.fixed(steps);
        }
        return Optional.of(switch (matcher.group(1)) {
            case "all-local" -> new AllLocal(rule);
            case "all-home" -> new AllHome(rule);
            case "greedy-local" -> new GreedyLocal(observations.actionSpace(), new CostEstimator(model), rule);
            default -> new LeastLoaded(rule);
        });
    }

    /** Any baseline by name, as a joint policy. */
    public Optional<JointPolicy> joint(String name) {
        if (name.equals("opt")) {
            return Optional.of(new Opt(model, observations));
        }
        if (name.equals("central-greedy")) {
            return Optional.of(new CentralGreedy(model, observations));
        }
        if (name.startsWith(CentralLeastFinish.NAME)) {
            return CentralLeastFinish.named(name, model, observations).map(p -> p);
        }
        return perUser(name).map(p -> new DecentralisedPolicy(p, observations));
    }

    /** The joint policy, or an exception whose message lists what is allowed. */
    public JointPolicy require(String name) {
        return joint(name).orElseThrow(() -> new InputException(unknown(name)));
    }

    /** The message for an unknown name. */
    public String unknown(String name) {
        return "unknown policy '" + name + "'; allowed: " + String.join(", ", NAMES)
                + ", or all-local|all-home|greedy-local|least-loaded"
                + "|least-finish|central-least-finish followed by -C for C in "
                + model.steps().steps();
    }

    /** Every decentralised baseline of the default list, in the order of {@link #NAMES}. */
    public List<Policy> defaultPerUser() {
        List<Policy> policies = new ArrayList<>();
        for (String name : NAMES) {
            perUser(name).ifPresent(policies::add);
        }
        return policies;
    }
}
