package org.edgegen.policy;

import org.edgegen.model.diffusion.StepChoices;

/**
 * The flattened action space: |C| × (1 + maxCandidates) choices (6 × 8 = 48 by default). Index
 * {@code stepIndex·(1 + maxCandidates) + place}, where place 0 is local and place 1 + y offloads to candidate y.
 */
public record ActionSpace(StepChoices steps, int maxCandidates) {

    public int size() {
        return steps.size() * places();
    }

    /** Places per step choice: local plus one per candidate slot. */
    public int places() {
        return 1 + maxCandidates;
    }

    /** The flattened index of an action; an offload to a candidate slot outside 0..maxCandidates-1 has none. */
    public int index(Action action) {
        if (action.offload() && (action.server() < 0 || action.server() >= maxCandidates)) {
            throw new IllegalArgumentException("candidate " + action.server() + " is outside 0.."
                    + (maxCandidates - 1));
        }
        int place = action.offload() ? 1 + action.server() : 0;
        return steps.indexOf(action.steps()) * places() + place;
    }

    public Action action(int index) {
        int stepCount = steps.steps(index / places());
        int place = index % places();
        return place == 0 ? Action.local(stepCount) : Action.offload(place - 1, stepCount);
    }
}
