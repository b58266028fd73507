package org.edgegen.sim;

import akka.actor.Address;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.AskPattern;
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
import org.edgegen.policy.neural.PolicySnapshot;

/**
 * Installs the weights of a run that plays a trained policy (not training) on every node of the cluster, through
 * each node's {@link PolicyBoard}, before the run starts: once per node, acknowledged. In local mode the caller's
 * own node is the only one, and nothing needs to travel.
 */
final class PolicyPublisher {

    private static final int SECONDS = 30;

    private PolicyPublisher() {}

    static void toEveryNode(ActorSystem<?> system, String runId, PolicySnapshot snapshot) {
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
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        Set<ActorRef<PolicyBoard.Command>> boards;
        while (true) {
            boards = boards(system);
            Set<Address> reached = new HashSet<>();
            for (ActorRef<PolicyBoard.Command> board : boards) {
                Address address = board.path().address();
                reached.add(address.hasGlobalScope() ? address : self);
            }
            if (reached.containsAll(expected)) {
                break;
            }
            if (System.nanoTime() > deadline) {
                expected.removeAll(reached);
                throw new IllegalStateException("could not find the policy board of nodes " + expected + " within "
                        + SECONDS + " s");
            }
            sleep();
        }
        int count = boards.size();
        CompletableFuture<Void> installed = new CompletableFuture<>();
        ActorRef<Learner.Command> acks = system.systemActorOf(Behaviors.setup(context -> {
            Set<ActorRef<PolicyBoard.Command>> acknowledged = new HashSet<>();
            return Behaviors.receive(Learner.Command.class)
                    .onMessage(Learner.PolicyInstalled.class, ack -> {
                        if (ack.runId().equals(runId) && ack.version() == snapshot.version()) {
                            acknowledged.add(ack.board());
                        }
                        if (acknowledged.size() == count) {
                            installed.complete(null);
                            return Behaviors.stopped();
                        }
                        return Behaviors.same();
                    })
                    .build();
        }), "policy-acks-" + UUID.randomUUID(), Props.empty());
        for (ActorRef<PolicyBoard.Command> board : boards) {
            board.tell(new PolicyBoard.PolicyUpdate(runId, snapshot, acks));
        }
        try {
            installed.get(SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing the policy on the nodes", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("not every node installed the policy within " + SECONDS + " s");
        }
    }

    private static Set<ActorRef<PolicyBoard.Command>> boards(ActorSystem<?> system) {
        try {
            Receptionist.Listing listing = AskPattern.<Receptionist.Command, Receptionist.Listing>ask(
                    system.receptionist(), replyTo -> Receptionist.find(PolicyBoard.KEY, replyTo),
                    Duration.ofSeconds(5), system.scheduler()).toCompletableFuture().get(10, TimeUnit.SECONDS);
            return listing.getServiceInstances(PolicyBoard.KEY);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while finding the nodes' policy boards", e);
        } catch (ExecutionException | TimeoutException e) {
            return Set.of();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while finding the nodes' policy boards", e);
        }
    }
}
