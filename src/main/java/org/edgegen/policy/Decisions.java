package org.edgegen.policy;

import org.edgegen.model.network.UserSite;
import org.edgegen.model.slot.Decision;

/** Maps an agent's action to the model's decision. */
public final class Decisions {

    private Decisions() {}

    /** Local stays local; offloading to candidate y becomes S_n[y], or invalid when y is not in S_n. */
    public static Decision of(Action action, UserSite user) {
        if (!action.offload()) {
            return Decision.local(action.steps());
        }
        if (action.server() < 0 || action.server() >= user.candidates().size()) {
            return Decision.invalid(action.steps());
        }
        return Decision.offload(user.candidates().get(action.server()), action.steps());
    }
}
