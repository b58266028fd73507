package org.edgegen.sim;

import com.typesafe.config.ConfigFactory;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.edgegen.config.ScenarioLoader;
import org.edgegen.model.SystemModel;
import org.edgegen.model.network.Deployment;
import org.edgegen.model.slot.SlotResolver;
import org.edgegen.policy.JointPolicy;
import org.edgegen.policy.Policy;
import org.edgegen.policy.PolicyCatalog;

/**
 * A run as one node sees it: the parsed scenario, the model built from it and the episodes' deployments, shared by
 * every actor of the node. A deployment is a pure function of (scenario, seed, episode), so every node computes the
 * same one; it is drawn once per node and episode instead of once per actor.
 */
public final class RunContext {

    private final RunSpec spec;
    private final SystemModel model;
    private final PolicyCatalog catalog;
    private final SlotResolver resolver;
    private final Optional<Policy> perUserPolicy;
    private final Map<Integer, Deployment> deployments = new ConcurrentHashMap<>();

    RunContext(RunSpec spec) {
        this.spec = spec;
        this.model = SystemModel.of(ScenarioLoader.fromConfig(ConfigFactory.parseString(spec.scenarioHocon()))
                .scenario());
        this.catalog = new PolicyCatalog(model);
        this.resolver = new SlotResolver(model);
        this.perUserPolicy = catalog.perUser(spec.policy());
        if (perUserPolicy.isEmpty()) {
            catalog.require(spec.policy());
        }
    }

    public RunSpec spec() {
        return spec;
    }

    public SystemModel model() {
        return model;
    }

    public PolicyCatalog catalog() {
        return catalog;
    }

    public SlotResolver resolver() {
        return resolver;
    }

    public long seed() {
        return spec.seed();
    }

    /** The policy each user runs its own copy of, or empty when the policy decides jointly (Opt). */
    public Optional<Policy> perUserPolicy() {
        return perUserPolicy;
    }

    /** The joint policy the coordinator runs when there is no per-user one. */
    public JointPolicy jointPolicy() {
        return catalog.require(spec.policy());
    }

    /** The deployment of an episode; older episodes are forgotten once a newer one is asked for. */
    public Deployment deployment(int episode) {
        Deployment deployment = deployments.computeIfAbsent(episode, e -> Deployment.draw(model, spec.seed(), e));
        deployments.keySet().removeIf(e -> e < episode - 1);
        return deployment;
    }
}
