package org.edgegen.sim;

/** Runs a simulation as a society of Akka actors in this JVM (a one-node cluster). */
public final class ActorSimulation {

    private ActorSimulation() {}

    /** Runs every episode of the request, blocking until the run ends. */
    public static RunReport run(RunRequest request, RunListener listener) {
        throw new UnsupportedOperationException("the actor engine is being written; use --engine direct");
    }
}
