package org.edgegen.experiment;

import java.util.List;

/**
 * A point's samples (policy by policy, seed by seed) and its notes (e.g. a policy too large to run there).
 */
record PointResults(List<Sample> samples, List<String> notes) {

    PointResults {
        samples = List.copyOf(samples);
        notes = List.copyOf(notes);
    }
}
