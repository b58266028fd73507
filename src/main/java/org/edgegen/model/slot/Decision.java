package org.edgegen.model.slot;

/**
 * What a user does with its task in a slot, in the model's terms: generate it locally, or send it to a server.
 * An action that names a server outside S_n (or a step count outside C) is {@link Kind#INVALID}: it is penalised
 * and the task fails, nothing else happens.
 */
public record Decision(Kind kind, int targetBs, int steps) {

    /** What a decision can be; NONE stands for a user without a task, who takes no action. */
    public enum Kind { NONE, LOCAL, OFFLOAD, INVALID }

    /** The decision of a user without a task. */
    public static final Decision NONE = new Decision(Kind.NONE, -1, 0);

    public static Decision local(int steps) {
        return new Decision(Kind.LOCAL, -1, steps);
    }

    public static Decision offload(int targetBs, int steps) {
        return new Decision(Kind.OFFLOAD, targetBs, steps);
    }

    public static Decision invalid(int steps) {
        return new Decision(Kind.INVALID, -1, steps);
    }
}
