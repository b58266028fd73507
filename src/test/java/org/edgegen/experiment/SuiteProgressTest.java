package org.edgegen.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one-line summary of a finished point. */
class SuiteProgressTest {

    /** One sample per (policy, cost) pair, all of seed 1001. */
    private static PointResults results(Object... policyAndCost) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < policyAndCost.length; i += 2) {
            samples.add(new Sample((String) policyAndCost[i], 1001, 10, Map.of(Metric.COST,
                    (Double) policyAndCost[i + 1])));
        }
        return new PointResults(samples, List.of());
    }

    @Test
    void osiIsSetAgainstTheBestDecentralisedBaselineAndTheBestCentralisedReference() {
        String line = SuiteProgress.summary(results("osi", 0.09, "least-loaded", 0.12, "least-finish", 0.10,
                "opt", 0.06, "central-least-finish", 0.05));

        assertThat(line).isEqualTo("mean cost osi 0.0900, best decentralised least-finish 0.1000 (osi -10.0 %), "
                + "best centralised reference central-least-finish 0.0500 (osi +80.0 %)");
    }

    @Test
    void withoutOsiOrCentralisedReferencesOnlyTheBestDecentralisedBaselineIsNamed() {
        assertThat(SuiteProgress.summary(results("greedy-local", 0.2, "random", 0.5)))
                .isEqualTo("mean cost best decentralised greedy-local 0.2000");
    }
}
