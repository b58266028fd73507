package org.edgegen.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.edgegen.policy.BaselineKind;
import org.junit.jupiter.api.Test;

/** Which baselines the comparison crowns, the gaps it gives OSI, and the kind of every row. */
class ComparisonTest {

    private static ComparisonRow row(String policy, double meanCost) {
        return new ComparisonRow(policy, new TaskStats(10, meanCost, 1.0, 0.5, 0.2, 0.0, 2, 6, 2, 0, 0, 0, 0, 0,
                20.0));
    }

    private static Comparison comparison(ComparisonRow... rows) {
        return new Comparison("tiny.conf", 1001, 5, List.of(rows), List.of());
    }

    @Test
    void theBestBaselineIsTheCheapestDecentralisedOneEvenWhenACentralisedReferenceIsCheaper() {
        Comparison comparison = comparison(row("osi", 0.10), row("least-loaded", 0.12), row("least-finish", 0.11),
                row("central-least-finish", 0.08), row("opt", 0.09), row("random", 0.30));

        assertThat(comparison.bestBaseline()).map(ComparisonRow::policy).contains("least-finish");
        assertThat(comparison.bestCentralisedReference()).map(ComparisonRow::policy).contains("central-least-finish");
    }

    @Test
    void optIsACentralisedReferenceAndTheBestOneWhenItIsTheCheapest() {
        Comparison comparison = comparison(row("osi", 0.10), row("opt", 0.07), row("central-greedy", 0.08),
                row("greedy-local", 0.12));

        assertThat(comparison.bestBaseline()).map(ComparisonRow::policy).contains("greedy-local");
        assertThat(comparison.bestCentralisedReference()).map(ComparisonRow::policy).contains("opt");
    }

    @Test
    void theTablePrintsEachKindAndOsisGapToTheBestOfEach() {
        Comparison comparison = comparison(row("osi", 0.10), row("least-finish", 0.125),
                row("central-least-finish-min", 0.08), row("least-loaded", 0.2));

        String table = comparison.render();

        assertThat(table).contains("-20.0 % vs best decentralised baseline least-finish, +25.0 % vs best "
                + "centralised reference central-least-finish-min");
        assertThat(line(table, "least-finish ")).contains("decentralised").endsWith("<- best decentralised baseline");
        assertThat(line(table, "central-least-finish-min")).contains("centralised reference")
                .endsWith("<- best centralised reference");
        assertThat(line(table, "least-loaded")).contains("decentralised").doesNotContain("<-");
        assertThat(line(table, "osi")).startsWith("  osi                      -  ");
        // The longest name still leaves a space before its kind.
        assertThat(line(table, "central-least-finish-min")).startsWith("  central-least-finish-min centralised");
    }

    @Test
    void withoutCentralisedReferencesOnlyTheDecentralisedGapIsGiven() {
        String table = comparison(row("osi", 0.10), row("greedy-local", 0.08)).render();

        assertThat(line(table, "osi")).endsWith("+25.0 % vs best decentralised baseline greedy-local");
        assertThat(table).doesNotContain("centralised reference");
    }

    @Test
    void theCsvHasTheKindAfterThePolicyEmptyForOsi() {
        assertThat(ComparisonRow.CSV.header().subList(0, 3)).containsExactly("policy", "kind", "meanCost");
        assertThat(ComparisonRow.CSV.cells(row("central-greedy", 0.1)).subList(0, 2))
                .containsExactly("central-greedy", BaselineKind.CENTRALISED_REFERENCE.label());
        assertThat(ComparisonRow.CSV.cells(row("least-finish-min", 0.1)).get(1)).isEqualTo("decentralised");
        assertThat(ComparisonRow.CSV.cells(row("osi", 0.1)).get(1)).isEmpty();
    }

    @Test
    void theGapIsRelativeToTheOtherRow() {
        assertThat(Comparison.gapPercent(row("osi", 0.09), row("opt", 0.1))).isCloseTo(-10.0, within(1e-9));
    }

    private static String line(String table, String start) {
        return table.lines().filter(l -> l.startsWith("  " + start)).findFirst().orElseThrow();
    }
}
