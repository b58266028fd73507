package org.edgegen.model.queue;

/** A task reaching an edge server in a slot: who sent it, when it arrived (s after slot start), how many steps. */
public record Arrival(int userId, double arrivalSeconds, int steps) {}
