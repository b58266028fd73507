package org.edgegen.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.edgegen.config.LoadedScenario;
import org.edgegen.model.InputException;
import org.edgegen.model.SystemModel;
import org.edgegen.policy.DecentralisedPolicy;
import org.edgegen.policy.EpisodeLoop;
import org.edgegen.policy.JointPolicy;
import org.edgegen.policy.PolicyCatalog;
import org.edgegen.policy.neural.NeuralPolicy;
import org.edgegen.policy.neural.PolicySnapshot;
import org.edgegen.sim.ActorSimulation;
import org.edgegen.sim.RunListener;
import org.edgegen.sim.RunRequest;
import org.edgegen.training.RunReport;

/** The two ways to play a run: the actor society, or the bare single-threaded loop over the same model. */
enum Engine {

    /** Every user device and base station an Akka actor ({@link ActorSimulation}). */
    ACTORS {
        @Override
        RunReport run(LoadedScenario loaded, String policy, int episodes, long seed, RunListener listener,
                Optional<PolicySnapshot> osi) {
            return ActorSimulation.run(new RunRequest(loaded, policy, episodes, seed), listener, osi);
        }
    },

    /** {@link EpisodeLoop} in this thread: the reference evaluation, and the benchmark's yardstick. */
    DIRECT {
        @Override
        RunReport run(LoadedScenario loaded, String policy, int episodes, long seed, RunListener listener,
                Optional<PolicySnapshot> osi) {
            SystemModel model = SystemModel.of(loaded.scenario());
            PolicyCatalog catalog = new PolicyCatalog(model);
            JointPolicy joint = osi.isPresent() && NeuralPolicy.NAME.equals(policy)
                    ? new DecentralisedPolicy(NeuralPolicy.played(osi.get(), catalog.observations().actionSpace(),
                            loaded.learner().samplesWhenPlayed()),
                            catalog.observations())
                    : catalog.require(policy);
            EpisodeLoop loop = new EpisodeLoop(model);
            for (int episode = 0; episode < episodes; episode++) {
                listener.onEpisode(episode, loop.play(joint, seed, episode));
            }
            return RunReport.CLEAN;
        }
    };

    /**
     * Plays episodes 0..episodes-1 and hands each to the listener, in order; blocks until the run ends. {@code osi}
     * holds the trained weights when the policy is {@code osi} (played greedily).
     */
    abstract RunReport run(LoadedScenario loaded, String policy, int episodes, long seed, RunListener listener,
            Optional<PolicySnapshot> osi);

    RunReport run(LoadedScenario loaded, String policy, int episodes, long seed, RunListener listener) {
        return run(loaded, policy, episodes, seed, listener, Optional.empty());
    }

    /** The name used on the command line and in reports. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Engine parse(String text, String option) {
        for (Engine engine : values()) {
            if (engine.label().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return engine;
            }
        }
        throw new InputException(option + " '" + text + "' is not an engine; allowed: " + labels());
    }

    static String labels() {
        return Arrays.stream(values()).map(Engine::label).collect(Collectors.joining(", "));
    }
}
