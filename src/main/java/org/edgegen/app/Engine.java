package org.edgegen.app;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.edgegen.config.LoadedScenario;
import org.edgegen.learn.DirectTraining;
import org.edgegen.learn.PpoTrainer;
import org.edgegen.model.InputException;
import org.edgegen.model.SystemModel;
import org.edgegen.policy.EpisodeLoop;
import org.edgegen.policy.EpisodeStepper;
import org.edgegen.policy.SlotStepper;
import org.edgegen.sim.ActorStepper;
import org.edgegen.sim.ActorSimulation;
import org.edgegen.sim.ActorTraining;
import org.edgegen.sim.RunListener;
import org.edgegen.training.RunReport;
import org.edgegen.sim.RunRequest;
import org.edgegen.training.TrainListener;
import org.edgegen.training.TrainRequest;

/** The two ways to play or train a run: the actor society, or the bare single-threaded loop over the same model. */
public enum Engine implements Player {

    /** Every user device and base station an Akka actor ({@link ActorSimulation}). */
    ACTORS {
        @Override
        public RunReport play(LoadedScenario loaded, PolicyLineup.Entry policy, int episodes, long seed,
                RunListener listener) {
            return ActorSimulation.run(new RunRequest(loaded, policy.name(), episodes, seed), listener,
                    policy.weights());
        }

        @Override
        public RunReport train(TrainRequest request, PpoTrainer trainer, TrainListener listener) {
            return ActorTraining.train(request, trainer, listener);
        }

        @Override
        public SlotStepper stepper(LoadedScenario loaded, long seed) {
            return ActorStepper.start(loaded, seed);
        }
    },

    /** {@link EpisodeLoop} in this thread: the reference evaluation, and the benchmark's yardstick. */
    DIRECT {
        @Override
        public RunReport play(LoadedScenario loaded, PolicyLineup.Entry policy, int episodes, long seed,
                RunListener listener) {
            EpisodeLoop loop = new EpisodeLoop(SystemModel.of(loaded.scenario()));
            for (int episode = 0; episode < episodes; episode++) {
                listener.onEpisode(episode, loop.play(policy.policy(), seed, episode));
            }
            return RunReport.CLEAN;
        }

        @Override
        public RunReport train(TrainRequest request, PpoTrainer trainer, TrainListener listener) {
            return DirectTraining.train(request, trainer, listener);
        }

        @Override
        public SlotStepper stepper(LoadedScenario loaded, long seed) {
            return new EpisodeStepper(SystemModel.of(loaded.scenario()), seed);
        }
    };

    /**
     * Plays episodes 0..episodes-1 with one policy of a lineup (OSI with the entry's weights) and hands each to
     * the listener, in order; blocks until the run ends.
     */
    public abstract RunReport play(LoadedScenario loaded, PolicyLineup.Entry policy, int episodes, long seed,
            RunListener listener);

    /** Trains the request's episodes with the trainer, handing each learned episode to the listener, in order. */
    public abstract RunReport train(TrainRequest request, PpoTrainer trainer, TrainListener listener);

    /**
     * The engine played one slot at a time with the caller's actions (the gRPC bridge); the actor engine's holds an
     * actor system until it is closed.
     */
    public abstract SlotStepper stepper(LoadedScenario loaded, long seed);

    @Override
    public boolean actors() {
        return this == ACTORS;
    }

    /** The name used on the command line and in reports. */
    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Engine parse(String text, String option) {
        for (Engine engine : values()) {
            if (engine.label().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return engine;
            }
        }
        throw new InputException(option + " '" + text + "' is not an engine; allowed: " + labels());
    }

    public static String labels() {
        return Arrays.stream(values()).map(Engine::label).collect(Collectors.joining(", "));
    }
}
