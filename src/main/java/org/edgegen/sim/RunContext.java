package org.edgegen.sim;

import com.typesafe.config.ConfigFactory;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.edgegen.config.ScenarioLoader;
import org.edgegen.model.SystemModel;
import org.edgegen.model.network.Deployment;
import org.edgegen.model.slot.CellSteps;
import org.edgegen.model.slot.Outcomes;
import org.edgegen.policy.JointPolicy;
import org.edgegen.policy.Policy;
import org.edgegen.policy.PolicyCatalog;
import org.edgegen.policy.neural.NeuralPolicy;
import org.edgegen.policy.neural.PolicySnapshot;
import org.edgegen.training.RunSpec;

/**
 * A run as one node sees it: the parsed scenario, the model built from it and the episodes' deployments, shared by
 * every actor of the node. A deployment is a pure function of (scenario, seed, episode), so every node computes the
 * same one; it is drawn once per node and episode instead of once per actor.
 */
public final class RunContext {

    /**
     * The policy name of a run whose every decision comes from outside, slot by slot (the gRPC bridge's stepper,
     * {@link SlotCoordinator.StartStepped}): no user decides itself.
     */
    public static final String EXTERNAL = "external";

    private final RunSpec spec;
    private final SystemModel model;
    private final PolicyCatalog catalog;
    private final CellSteps cellSteps;
    private final Outcomes outcomes;
    private final Optional<Policy> perUserPolicy;
    private final boolean neural;
    private final RunContexts node;
    private final Map<Integer, Deployment> deployments = new ConcurrentHashMap<>();
    private volatile NeuralPolicy neuralPolicy;
    private final boolean sampleWhenPlayed;
    private final double playTemperature;
    private final NeuralPolicy.Precision playPrecision;
    private final org.edgegen.config.SimSettings sim;

    RunContext(RunSpec spec, RunContexts node) {
        this.spec = spec;
        this.node = node;
        org.edgegen.config.LoadedScenario loaded = ScenarioLoader.fromConfig(
                ConfigFactory.parseString(spec.scenarioHocon()));
        this.model = SystemModel.of(loaded.scenario());
        this.sampleWhenPlayed = loaded.learner().samplesWhenPlayed();
        this.playTemperature = loaded.learner().playTemperature();
        this.playPrecision = NeuralPolicy.Precision.of(loaded.learner().playsInFloat());
        this.sim = loaded.sim();
        this.catalog = new PolicyCatalog(model);
        this.cellSteps = new CellSteps(model);
        this.outcomes = new Outcomes(model);
        this.neural = NeuralPolicy.NAME.equals(spec.policy());
        this.perUserPolicy = neural ? Optional.empty() : catalog.perUser(spec.policy());
        if (!neural && perUserPolicy.isEmpty() && !EXTERNAL.equals(spec.policy())) {
            catalog.require(spec.policy());
        }
    }

    /** Whether users act with the neural OSI policy (installed on the node by the learner or the driver). */
    public boolean neural() {
        return neural;
    }

    /**
     * The node's copy of the OSI policy: sampling while training, otherwise as {@code learner.execution} says
     * (greedy by default). One immutable instance per
     * version is shared by every user of the node.
     */
    public NeuralPolicy neuralPolicy() {
        PolicySnapshot snapshot = node.policy(spec.runId()).orElseThrow(() -> new IllegalStateException(
                "no OSI policy installed on this node for run " + spec.runId()));
        NeuralPolicy current = neuralPolicy;
        if (current == null || current.version() != snapshot.version()) {
            current = spec.training()
                    ? NeuralPolicy.stochastic(snapshot, catalog.observations())
                    : NeuralPolicy.played(snapshot, catalog.observations(), sampleWhenPlayed,
                            playTemperature, playPrecision);
            neuralPolicy = current;
        }
        return current;
    }

    /** The run's {@code edgegen.sim} settings (timeouts, the size of the pieces messages carry). */
    public org.edgegen.config.SimSettings sim() {
        return sim;
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

    /** The per-cell steps of a slot a BS runs (the same the direct loop runs). */
    public CellSteps cellSteps() {
        return cellSteps;
    }

    /** The per-user last step of a slot a user device runs (the same the direct loop runs). */
    public Outcomes outcomes() {
        return outcomes;
    }

    public long seed() {
        return spec.seed();
    }

    /** The baseline each user runs its own copy of; empty for a joint policy (Opt) or the neural policy. */
    public Optional<Policy> perUserPolicy() {
        return perUserPolicy;
    }

    /** The joint policy the coordinator runs for everybody (Opt). */
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
