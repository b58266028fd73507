package org.edgegen.sim;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import org.edgegen.cluster.CborSerializable;
import org.edgegen.policy.neural.PolicySnapshot;

/**
 * A node's notice board for runs (one per actor system, registered with the receptionist). The learner sends each
 * board a run's new weights once; the board installs them in the node's {@link RunContexts}, where every user of
 * the node picks them up at the start of its next episode, and acknowledges. So weights travel once per node, not
 * once per user, and the learner knows when every node holds them. At the end of a run the driver has every board
 * forget it.
 */
public final class PolicyBoard {

    /** The receptionist key under which every node's board is found. */
    public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "edgegen-policy-board");

    /** Messages a board understands. */
    public interface Command extends CborSerializable {}

    /** New weights of a run; acknowledged to {@code installedTo} once installed on this node. */
    public record PolicyUpdate(String runId, PolicySnapshot snapshot, ActorRef<Learner.Command> installedTo)
            implements Command {}

    /** The run is over: the node forgets its context and weights. */
    public record ForgetRun(String runId) implements Command {}

    private PolicyBoard() {}

    public static Behavior<Command> create(RunContexts runs) {
        return Behaviors.setup(context -> {
            context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
            return Behaviors.receive(Command.class)
                    .onMessage(PolicyUpdate.class, update -> {
                        runs.installPolicy(update.runId(), update.snapshot());
                        update.installedTo().tell(new Learner.PolicyInstalled(update.runId(),
                                update.snapshot().version(), context.getSelf()));
                        return Behaviors.same();
                    })
                    .onMessage(ForgetRun.class, forget -> {
                        runs.forget(forget.runId());
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
