package org.edgegen.sim;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.edgegen.cluster.CborSerializable;
import org.edgegen.cluster.Wire;
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

    /**
     * A run's new weights, after their {@code pieces} {@link PolicyPiece}s: the network's shape and version;
     * acknowledged to {@code installedTo} once installed on this node. {@code headExperts}, {@code gateAt} and
     * {@code gateWidth} are the snapshot's (1, 0, 0 without experts), and so is {@code trunkExperts} (false but
     * with {@code edgegen.learner.expert-scope = trunk}).
     */
    public record PolicyUpdate(String runId, long version, int featureCount, int[] hiddenSizes, int serverChoices,
            int stepChoices, int floats, int pieces, ActorRef<Learner.Command> installedTo, int headExperts,
            int gateAt, int gateWidth, boolean trunkExperts) implements Command {

        /** Without head experts. */
        public PolicyUpdate(String runId, long version, int featureCount, int[] hiddenSizes, int serverChoices,
                int stepChoices, int floats, int pieces, ActorRef<Learner.Command> installedTo) {
            this(runId, version, featureCount, hiddenSizes, serverChoices, stepChoices, floats, pieces, installedTo,
                    1, 0, 0, false);
        }
    }

    /**
     * At most {@code edgegen.sim.weight-chunk-floats} of a version's weights, from float {@code offset} on of the
     * layers laid out one after another, each as its weights then its biases.
     */
    public record PolicyPiece(String runId, long version, int offset, float[] values) implements Command {}

    /** The run is over: the node forgets its context and weights. */
    public record ForgetRun(String runId) implements Command {}

    private PolicyBoard() {}

    /**
     * Sends {@code snapshot} to {@code board} in pieces of at most {@code floatsPerPiece} floats, then the update
     * that completes it. Each piece is checked first ({@link Wire#check}), so a piece that could not cross nodes
     * throws before anything is sent.
     */
    static void send(ActorSystem<?> system, ActorRef<Command> board, String runId, PolicySnapshot snapshot,
            ActorRef<Learner.Command> installedTo, int floatsPerPiece) {
        float[] flat = flatten(snapshot);
        List<PolicyPiece> pieces = new ArrayList<>();
        for (int offset = 0; offset < flat.length; offset += floatsPerPiece) {
            pieces.add(new PolicyPiece(runId, snapshot.version(), offset,
                    Arrays.copyOfRange(flat, offset, Math.min(flat.length, offset + floatsPerPiece))));
        }
        PolicyUpdate update = new PolicyUpdate(runId, snapshot.version(), snapshot.featureCount(),
                snapshot.hiddenSizes(), snapshot.serverChoices(), snapshot.stepChoices(), flat.length, pieces.size(),
                installedTo, snapshot.headExperts(), snapshot.gateAt(), snapshot.gateWidth(),
                snapshot.trunkExperts());
        for (PolicyPiece piece : pieces) {
            Wire.check(system, board, piece);
        }
        Wire.check(system, board, update);
        pieces.forEach(board::tell);
        board.tell(update);
    }

    /** Every layer's weights, then its biases, one layer after another. */
    static float[] flatten(PolicySnapshot snapshot) {
        int total = 0;
        for (int k = 0; k < snapshot.layerCount(); k++) {
            total += snapshot.inputsOf(k) * snapshot.outputsOf(k) + snapshot.outputsOf(k);
        }
        float[] flat = new float[total];
        int at = 0;
        for (int k = 0; k < snapshot.layerCount(); k++) {
            float[] w = snapshot.weights(k);
            float[] b = snapshot.biases(k);
            System.arraycopy(w, 0, flat, at, w.length);
            at += w.length;
            System.arraycopy(b, 0, flat, at, b.length);
            at += b.length;
        }
        return flat;
    }

    /** The snapshot an update describes, from its floats laid out as {@link #flatten} does. */
    static PolicySnapshot unflatten(PolicyUpdate update, float[] flat) {
        int[] hidden = update.hiddenSizes();
        int experts = Math.max(1, update.headExperts());
        boolean trunk = experts > 1 && update.trunkExperts();
        int layers = PolicySnapshot.layerCount(hidden.length, experts, trunk);
        float[][] weights = new float[layers][];
        float[][] biases = new float[layers][];
        int at = 0;
        for (int k = 0; k < layers; k++) {
            int in = PolicySnapshot.inputs(k, update.featureCount(), hidden, experts, trunk, update.gateWidth());
            int out = PolicySnapshot.outputs(k, hidden, update.serverChoices(), update.stepChoices(), experts, trunk);
            weights[k] = Arrays.copyOfRange(flat, at, at + in * out);
            at += in * out;
            biases[k] = Arrays.copyOfRange(flat, at, at + out);
            at += out;
        }
        return new PolicySnapshot(update.version(), update.featureCount(), hidden, update.serverChoices(),
                update.stepChoices(), weights, biases, experts, update.gateAt(), update.gateWidth(), trunk);
    }

    public static Behavior<Command> create(RunContexts runs) {
        return Behaviors.setup(context -> {
            context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
            // per run: the version being received and its pieces by offset (a resent piece replaces itself)
            Map<String, Long> versions = new HashMap<>();
            Map<String, TreeMap<Integer, float[]>> received = new HashMap<>();
            return Behaviors.receive(Command.class)
                    .onMessage(PolicyPiece.class, piece -> {
                        Long version = versions.get(piece.runId());
                        if (version == null || version != piece.version()) {
                            versions.put(piece.runId(), piece.version());
                            received.put(piece.runId(), new TreeMap<>());
                        }
                        received.get(piece.runId()).put(piece.offset(), piece.values());
                        return Behaviors.same();
                    })
                    .onMessage(PolicyUpdate.class, update -> {
                        TreeMap<Integer, float[]> pieces = update.pieces() == 0 ? new TreeMap<>()
                                : Objects.equals(versions.get(update.runId()), update.version())
                                        ? received.get(update.runId()) : new TreeMap<>();
                        float[] flat = new float[update.floats()];
                        int filled = 0;
                        for (Map.Entry<Integer, float[]> piece : pieces.entrySet()) {
                            if (piece.getKey() != filled) {
                                break;
                            }
                            System.arraycopy(piece.getValue(), 0, flat, filled, piece.getValue().length);
                            filled += piece.getValue().length;
                        }
                        if (pieces.size() != update.pieces() || filled != update.floats()) {
                            context.getLog().error("the weights of version {} of run {} arrived incomplete ({} of "
                                    + "{} pieces); not installed", update.version(), update.runId(), pieces.size(),
                                    update.pieces());
                            return Behaviors.same();
                        }
                        versions.remove(update.runId());
                        received.remove(update.runId());
                        runs.installPolicy(update.runId(), unflatten(update, flat));
                        update.installedTo().tell(new Learner.PolicyInstalled(update.runId(), update.version(),
                                context.getSelf()));
                        return Behaviors.same();
                    })
                    .onMessage(ForgetRun.class, forget -> {
                        versions.remove(forget.runId());
                        received.remove(forget.runId());
                        runs.forget(forget.runId());
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
