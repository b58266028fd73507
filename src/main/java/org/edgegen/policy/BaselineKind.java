package org.edgegen.policy;

import java.util.Optional;

/**
 * Which kind of baseline a policy is, for tables and figures: one acting on each user's own observation, as OSI
 * does, or a reference with full information of the slot, which OSI is not expected to have.
 */
public enum BaselineKind {
    /** Each user acts on its own observation (every per-user baseline). */
    DECENTRALISED("decentralised"),
    /** Full information within a slot: {@code opt} and the {@code central-*} baselines. */
    CENTRALISED_REFERENCE("centralised reference");

    private final String label;

    BaselineKind(String label) {
        this.label = label;
    }

    /** The label a table prints. */
    public String label() {
        return label;
    }

    /**
     * The kind of a baseline named as on the command line; empty for a name that is not a baseline (such as
     * {@code osi}). The name's form is read, not resolved: a step suffix is not checked against C.
     */
    public static Optional<BaselineKind> of(String policyName) {
        if (policyName.equals("opt") || policyName.startsWith("central-")) {
            return Optional.of(CENTRALISED_REFERENCE);
        }
        if (policyName.equals("random") || policyName.matches(
                "(all-local|all-home|greedy-local|least-loaded|least-finish)(-(min|\\d{1,9}))?")) {
            return Optional.of(DECENTRALISED);
        }
        return Optional.empty();
    }
}
