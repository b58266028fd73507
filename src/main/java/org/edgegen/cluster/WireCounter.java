package org.edgegen.cluster;

import akka.actor.ActorRef;
import akka.actor.ExtendedActorSystem;
import akka.remote.artery.RemoteInstrument;
import java.nio.ByteBuffer;

/**
 * Artery's hook on every message that crosses to or from another node (configured as
 * {@code akka.remote.artery.advanced.instruments}): counts it, with its serialized size, in {@link WireTraffic}.
 * It writes no metadata into the envelope.
 */
public final class WireCounter extends RemoteInstrument {

    private final WireTraffic traffic;

    public WireCounter(ExtendedActorSystem system) {
        this.traffic = WireTraffic.get(system);
    }

    @Override
    public byte identifier() {
        return 17;
    }

    @Override
    public void remoteWriteMetadata(ActorRef recipient, Object message, ActorRef sender, ByteBuffer buffer) {
        // nothing to carry
    }

    @Override
    public void remoteMessageSent(ActorRef recipient, Object message, ActorRef sender, int size, long time) {
        traffic.sent(message, size);
    }

    @Override
    public void remoteReadMetadata(ActorRef recipient, Object message, ActorRef sender, ByteBuffer buffer) {
        // nothing was written
    }

    @Override
    public void remoteMessageReceived(ActorRef recipient, Object message, ActorRef sender, int size, long time) {
        traffic.received(message, size);
    }
}
