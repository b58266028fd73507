package org.edgegen.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.edgegen.model.Scenarios;
import org.edgegen.model.SystemModel;
import org.edgegen.policy.baseline.Opt;
import org.junit.jupiter.api.Test;

class PolicyCatalogTest {

    private final PolicyCatalog catalog = new PolicyCatalog(SystemModel.of(Scenarios.defaults()));

    @Test
    void everyListedNameResolvesToAPolicyOfThatName() {
        for (String name : PolicyCatalog.NAMES) {
            assertThat(catalog.require(name).name()).isEqualTo(name);
        }
        assertThat(catalog.require("opt")).isInstanceOf(Opt.class);
    }

    @Test
    void everyListedDecentralisedNameIsAPerUserPolicyAndNoCentralisedReferenceIs() {
        for (String name : PolicyCatalog.NAMES) {
            assertThat(catalog.perUser(name).isPresent()).as(name)
                    .isEqualTo(BaselineKind.of(name).orElseThrow() == BaselineKind.DECENTRALISED);
        }
        assertThat(catalog.defaultPerUser()).extracting(Policy::name)
                .containsExactly("all-local", "all-local-30", "all-home", "all-home-30", "random", "greedy-local",
                        "least-loaded", "least-finish", "least-finish-min");
    }

    @Test
    void fixedStepVariantsResolveForEveryStepChoice() {
        for (int steps : new int[] {5, 10, 15, 20, 25, 30}) {
            for (String base : new String[] {"all-local", "all-home", "greedy-local", "least-loaded"}) {
                assertThat(catalog.require(base + "-" + steps).name()).isEqualTo(base + "-" + steps);
            }
        }
    }

    @Test
    void anUnknownNameIsRejectedWithTheAllowedNames() {
        assertThatThrownBy(() -> catalog.require("all-remote"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("all-remote")
                .hasMessageContainingAll(PolicyCatalog.NAMES.toArray(String[]::new));
    }

    @Test
    void aStepCountOutsideTheChoicesIsRejected() {
        assertThat(catalog.joint("all-home-7")).isEmpty();
        assertThat(catalog.joint("random-30")).isEmpty();
        assertThat(catalog.joint("opt-5")).isEmpty();
        assertThatThrownBy(() -> catalog.require("all-home-7")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStepCountTooLargeForAnIntIsRejectedWithTheAllowedNames() {
        assertThatThrownBy(() -> catalog.require("all-home-99999999999"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll(PolicyCatalog.NAMES.toArray(String[]::new));
    }
}
