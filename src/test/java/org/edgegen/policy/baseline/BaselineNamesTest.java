package org.edgegen.policy.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.edgegen.model.Scenarios;
import org.edgegen.model.SystemModel;
import org.edgegen.policy.BaselineKind;
import org.edgegen.policy.DecentralisedPolicy;
import org.edgegen.policy.PolicyCatalog;
import org.edgegen.policy.neural.NeuralPolicy;
import org.junit.jupiter.api.Test;

/** The names of the least-finish and central baselines, and the kind every baseline is labelled with. */
class BaselineNamesTest {

    private static final List<String> NEW_NAMES = List.of("least-finish", "least-finish-min", "central-greedy",
            "central-least-finish", "central-least-finish-min");

    private final PolicyCatalog catalog = new PolicyCatalog(SystemModel.of(Scenarios.defaults()));

    @Test
    void everyNewNameIsListedAndResolvesToAPolicyOfThatName() {
        assertThat(PolicyCatalog.NAMES).containsAll(NEW_NAMES);
        for (String name : NEW_NAMES) {
            assertThat(catalog.require(name).name()).isEqualTo(name);
        }
    }

    @Test
    void leastFinishActsPerUserAndTheCentralReferencesDecideJointly() {
        assertThat(catalog.perUser("least-finish")).containsInstanceOf(LeastFinish.class);
        assertThat(catalog.perUser("least-finish-min")).containsInstanceOf(LeastFinish.class);
        assertThat(catalog.require("least-finish")).isInstanceOf(DecentralisedPolicy.class);
        assertThat(catalog.perUser("central-greedy")).isEmpty();
        assertThat(catalog.perUser("central-least-finish")).isEmpty();
        assertThat(catalog.require("central-greedy")).isInstanceOf(CentralGreedy.class);
        assertThat(catalog.require("central-least-finish-min")).isInstanceOf(CentralLeastFinish.class);
    }

    @Test
    void theLeastFinishRulesTakeAFixedStepSuffixFromTheChoices() {
        for (int steps : new int[] {5, 10, 15, 20, 25, 30}) {
            assertThat(catalog.require("least-finish-" + steps).name()).isEqualTo("least-finish-" + steps);
            assertThat(catalog.require("central-least-finish-" + steps).name())
                    .isEqualTo("central-least-finish-" + steps);
        }
        for (String wrong : List.of("least-finish-7", "central-least-finish-7", "central-greedy-20",
                "least-finish-max", "least-finishes", "central-least-finish-99999999999")) {
            assertThat(catalog.joint(wrong)).as(wrong).isEmpty();
        }
    }

    @Test
    void anUnknownNameListsTheNewNamesToo() {
        assertThatThrownBy(() -> catalog.require("least-start"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll(NEW_NAMES.toArray(String[]::new));
    }

    @Test
    void theDefaultListHasTheDecentralisedBaselinesThenTheCentralisedReferences() {
        assertThat(PolicyCatalog.NAMES).containsExactly("all-local", "all-local-30", "all-home", "all-home-30",
                "random", "greedy-local", "least-loaded", "least-finish", "least-finish-min", "opt",
                "central-greedy", "central-least-finish", "central-least-finish-min");
    }

    @Test
    void everyBaselineIsLabelledDecentralisedOrCentralisedReference() {
        List<String> all = new ArrayList<>(PolicyCatalog.NAMES);
        all.addAll(List.of("greedy-local-20", "least-finish-25", "central-least-finish-25"));
        for (String name : all) {
            boolean central = name.equals("opt") || name.startsWith("central-");
            assertThat(BaselineKind.of(name)).as(name)
                    .contains(central ? BaselineKind.CENTRALISED_REFERENCE : BaselineKind.DECENTRALISED);
        }
        assertThat(BaselineKind.of(NeuralPolicy.NAME)).isEmpty();
        assertThat(BaselineKind.DECENTRALISED.label()).isEqualTo("decentralised");
        assertThat(BaselineKind.CENTRALISED_REFERENCE.label()).isEqualTo("centralised reference");
    }
}
