package org.edgegen.model.queue;

/**
 * How the server handled one arrival.
 *
 * @param aheadImageSteps     S_<n: image-steps of this slot's earlier arrivals
 * @param completionSeconds   t^C, or NaN when dropped
 * @param dropped             true when the queue cap Q^max_b would have been exceeded
 */
public record Service(int userId, double aheadImageSteps, double completionSeconds, boolean dropped) {}
