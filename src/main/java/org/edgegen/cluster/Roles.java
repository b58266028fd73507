package org.edgegen.cluster;

/**
 * The cluster roles of EdgeGen nodes: {@code learner} hosts the coordinator (and, when training, the learner),
 * {@code edge} the base-station shards, {@code users} the user-device shards. A node may have several; a local run
 * has all three, and a {@code client} node (a command started with {@code --cluster}) hosts none.
 */
public final class Roles {

    public static final String LEARNER = "learner";
    public static final String EDGE = "edge";
    public static final String USERS = "users";
    public static final String CLIENT = "client";

    private Roles() {}
}
