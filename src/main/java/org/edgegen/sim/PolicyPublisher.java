package org.edgegen.sim;

import akka.actor.Address;
import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.receptionist.Receptionist;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.edgegen.cluster.Roles;
import org.edgegen.cluster.Wire;
import org.edgegen.policy.neural.PolicySnapshot;

/**
 * Installs the weights of a run that plays a trained policy (not training) on every node of the cluster, through
 * each node's {@link PolicyBoard}, before the run starts: once per node, acknowledged. A short-lived actor follows
 * the receptionist's listings of the boards (no polling) until every node's board is listed, sends each the
 * weights and collects the acknowledgements. In local mode the caller's own node is the only one, and nothing
 * needs to travel.
 */
final class PolicyPublisher {

    private static final Duration LIMIT = Duration.ofSeconds(30);

    /** The publishing actor's deadline. */
    private enum GiveUp implements NoSerializationVerificationNeeded { INSTANCE }

    /** The receptionist's current listing of the boards (local only). */
    private record Boards(Receptionist.Listing listing) implements NoSerializationVerificationNeeded {}

    private PolicyPublisher() {}

    /** Blocks until every node's board holds the weights, or fails after {@link #LIMIT}. */
    static void toEveryNode(ActorSystem<?> system, String runId, PolicySnapshot snapshot, int weightChunkFloats) {
        Cluster cluster = Cluster.get(system);
        Address self = cluster.selfMember().address();
        Set<Address> expected = new HashSet<>();
        for (Member member : cluster.state().getMembers()) {
            if (member.status() == MemberStatus.up() && !member.hasRole(Roles.CLIENT)) {
                expected.add(member.address());
            }
        }
        expected.remove(self);
        if (expected.isEmpty()) {
            return;
        }
        CompletableFuture<Void> installed = new CompletableFuture<>();
        system.systemActorOf(publishing(runId, snapshot, weightChunkFloats, self, expected, installed),
                "policy-publisher-" + UUID.randomUUID(), Props.empty());
        try {
            installed.get(LIMIT.toSeconds() + 10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing the policy on the nodes", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("not every node installed the policy within " + LIMIT.toSeconds()
                    + " s");
        }
    }

    /**
     * Waits for a listing that holds a board on every expected node, publishes to those boards, and completes
     * {@code installed} once each acknowledged. Its messages are of three kinds (listings, acknowledgements, the
     * deadline), so it takes {@code Object} and hands out narrowed references.
     */
    private static Behavior<Object> publishing(String runId, PolicySnapshot snapshot, int weightChunkFloats,
            Address self,
            Set<Address> expected, CompletableFuture<Void> installed) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            timers.startSingleTimer(GiveUp.INSTANCE, LIMIT);
            ActorRef<Receptionist.Listing> listings = context.messageAdapter(Receptionist.Listing.class, Boards::new);
            context.getSystem().receptionist().tell(Receptionist.subscribe(PolicyBoard.KEY, listings));
            Set<ActorRef<PolicyBoard.Command>> sent = new HashSet<>();
            Set<ActorRef<PolicyBoard.Command>> acknowledged = new HashSet<>();
            Set<Address> reached = new HashSet<>();
            ActorRef<Learner.Command> acks = context.getSelf().narrow();
            return Behaviors.receive(Object.class)
                    .onMessage(Boards.class, listed -> {
                        if (!sent.isEmpty()) {
                            return Behaviors.same();
                        }
                        Set<ActorRef<PolicyBoard.Command>> boards =
                                listed.listing().getServiceInstances(PolicyBoard.KEY);
                        reached.clear();
                        for (ActorRef<PolicyBoard.Command> board : boards) {
                            Address address = board.path().address();
                            reached.add(address.hasGlobalScope() ? address : self);
                        }
                        if (!reached.containsAll(expected)) {
                            return Behaviors.same();
                        }
                        sent.addAll(boards);
                        try {
                            for (ActorRef<PolicyBoard.Command> board : boards) {
                                PolicyBoard.send(context.getSystem(), board, runId, snapshot, acks,
                                        weightChunkFloats);
                            }
                        } catch (Wire.UnsendableException e) {
                            installed.completeExceptionally(e);
                            return Behaviors.stopped();
                        }
                        return Behaviors.same();
                    })
                    .onMessage(Learner.PolicyInstalled.class, ack -> {
                        if (ack.runId().equals(runId) && ack.version() == snapshot.version()) {
                            acknowledged.add(ack.board());
                        }
                        if (!sent.isEmpty() && acknowledged.containsAll(sent)) {
                            installed.complete(null);
                            return Behaviors.stopped();
                        }
                        return Behaviors.same();
                    })
                    .onMessageEquals(GiveUp.INSTANCE, () -> {
                        Set<Address> missing = new HashSet<>(expected);
                        missing.removeAll(reached);
                        installed.completeExceptionally(new IllegalStateException(sent.isEmpty()
                                ? "could not find the policy board of nodes " + missing + " within "
                                        + LIMIT.toSeconds() + " s"
                                : "not every node installed the policy within " + LIMIT.toSeconds() + " s"));
                        return Behaviors.stopped();
                    })
                    .build();
        }));
    }
}
