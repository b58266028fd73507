package org.edgegen.sim;

import akka.actor.typed.ActorRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.edgegen.model.SystemModel;
import org.edgegen.model.slot.Decision;
import org.edgegen.training.RunReport;

/**
 * The run a {@link SlotCoordinator} plays, as every phase of it sees it: what the run was started with, fixed, and
 * what it survived so far (counted as it happens, the only mutable part).
 */
final class CoordinatedRun {

    final SlotCoordinator.StartRun request;
    /** The learner of a training run; empty for a simulation. */
    final Optional<ActorRef<Learner.Command>> learner;
    final int endEpisode;
    final RunContext context;
    final SystemModel model;
    /** Whether a stepper gives every slot's decisions ({@link SlotCoordinator.StartStepped}). */
    final boolean stepped;
    /** A stepped run's decisions so far, per slot: a re-run after a timeout plays them again. */
    final List<List<Decision>> steppedDecisions = new ArrayList<>();
    long timeouts;
    long episodesRerun;
    long staleMessages;

    CoordinatedRun(SlotCoordinator.StartRun request, Optional<ActorRef<Learner.Command>> learner, int firstEpisode,
            RunContext context) {
        this(request, learner, firstEpisode, context, false);
    }

    CoordinatedRun(SlotCoordinator.StartRun request, Optional<ActorRef<Learner.Command>> learner, int firstEpisode,
            RunContext context, boolean stepped) {
        this.stepped = stepped;
        this.request = request;
        this.learner = learner;
        this.endEpisode = firstEpisode + request.episodes();
        this.context = context;
        this.model = context.model();
    }

    int cells() {
        return model.cellCount();
    }

    RunReport report() {
        return new RunReport(timeouts, episodesRerun, staleMessages);
    }

    /** True for a message of {@code at}; one of another attempt is counted as stale. */
    boolean current(SlotCoordinator.Attempt at, int episode, int attempt) {
        if (episode == at.episode() && attempt == at.attempt()) {
            return true;
        }
        staleMessages++;
        return false;
    }

    /** The wait for the learner: learning may take much longer than a slot; a lost learner is still noticed. */
    double setupTimeoutSeconds() {
        return SlotCoordinator.setupTimeoutSeconds(request.slotTimeoutSeconds(), model.userCount(), cells());
    }

    double learningTimeoutSeconds() {
        return SlotCoordinator.learningTimeoutSeconds(request.slotTimeoutSeconds());
    }
}
