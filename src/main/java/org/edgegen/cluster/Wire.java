package org.edgegen.cluster;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.RecipientRef;
import akka.actor.typed.javadsl.Adapter;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import java.util.Locale;

/**
 * The check a message passes before it crosses nodes. Akka's remoting drops a message whose serialized form is
 * larger than its maximum frame size (or that cannot be serialized) and only logs it, so the run would see a
 * message that never arrives. Senders of messages whose size depends on the data (pieces of results, trajectories
 * and weights) call {@link #check} first, and fail the run with its one-line message instead.
 */
public final class Wire {

    /** Akka's setting of the largest serialized message, with the envelope around it. */
    public static final String FRAME_SIZE_KEY = "akka.remote.artery.advanced.maximum-frame-size";
    /**
     * Room left for Artery's envelope (recipient and sender paths, manifest, header) out of the frame size; a path
     * with a long host name is a few hundred bytes, so this is generous.
     */
    static final int ENVELOPE_BYTES = 4096;

    private Wire() {}

    /** A message that cannot cross nodes: its text names the message, its size and the limit, on one line. */
    public static final class UnsendableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UnsendableException(String message) {
            super(message);
        }
    }

    /** The largest payload a message to another node may have on {@code system}. */
    public static long payloadLimitBytes(ActorSystem<?> system) {
        return system.settings().config().getBytes(FRAME_SIZE_KEY) - ENVELOPE_BYTES;
    }

    /**
     * Throws {@link UnsendableException} if {@code message} is for an actor on another node and its serialized
     * form does not fit the frame (or it cannot be serialized). Messages to local actors are not serialized, so
     * they pass unchecked.
     */
    public static void check(ActorSystem<?> system, RecipientRef<?> to, Object message) {
        if (!(to instanceof akka.actor.typed.ActorRef<?> ref) || ref.path().address().hasLocalScope()) {
            return;
        }
        int bytes = serializedBytes(system, message);
        long limit = payloadLimitBytes(system);
        if (bytes > limit) {
            throw new UnsendableException(String.format(Locale.ROOT,
                    "cannot send %s to %s: it serializes to %,d bytes, over the %,d bytes a message may have (%s "
                            + "minus %d for the envelope); lower edgegen.sim.chunk-size or "
                            + "edgegen.sim.weight-chunk-floats", name(message), ref.path().address(), bytes, limit,
                    FRAME_SIZE_KEY, ENVELOPE_BYTES));
        }
    }

    /** The size of {@code message} as Akka serializes it between nodes. */
    public static int serializedBytes(ActorSystem<?> system, Object message) {
        akka.actor.ExtendedActorSystem classic = (akka.actor.ExtendedActorSystem) Adapter.toClassic(system);
        Serialization serialization = SerializationExtension.get(classic);
        try {
            // actor refs in a message serialize to their full address only with the transport's information
            scala.Function0<Integer> size = () -> serialization.findSerializerFor(message).toBinary(message).length;
            Serialization.Information transport =
                    new Serialization.Information(classic.provider().getDefaultAddress(), classic);
            return akka.serialization.Serialization$.MODULE$.currentTransportInformation().withValue(transport, size);
        } catch (Exception e) {
            throw new UnsendableException("cannot send " + name(message) + ": it cannot be serialized ("
                    + e.toString().replace('\n', ' ') + ")");
        }
    }

    private static String name(Object message) {
        Class<?> type = message.getClass();
        return type.getEnclosingClass() == null ? type.getSimpleName()
                : type.getEnclosingClass().getSimpleName() + "." + type.getSimpleName();
    }
}
