package org.edgegen.cluster;

/** Marker for messages that cross nodes: bound to Jackson CBOR in {@code akka.actor.serialization-bindings}. */
public interface CborSerializable {}
