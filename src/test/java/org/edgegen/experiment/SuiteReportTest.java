package org.edgegen.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.edgegen.config.Suite.Level;
import org.edgegen.config.Suite.Sweep;
import org.edgegen.experiment.Statistics.Estimate;
import org.edgegen.experiment.SweepTable.Row;
import org.junit.jupiter.api.Test;

/** The reading paragraphs on hand-made tables: ties, zero baselines, rates, missing levels. */
class SuiteReportTest {

    private static final List<Level> LEVELS = List.of(level("10", 10), level("20", 20), level("30", 30));
    private static final Sweep SWEEP = new Sweep("users", "Number of users", "", LEVELS, Optional.empty(), Map.of());

    private static Level level(String label, double x) {
        return new Level(label, OptionalDouble.of(x), Map.of("edgegen.users.count", label));
    }

    /** One row per (level, policy, value), every metric set to the value with a CI of ±width. */
    private static SweepTable table(double width, Object... cells) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < cells.length; i += 3) {
            int levelIndex = (Integer) cells[i];
            Map<Metric, Estimate> estimates = new EnumMap<>(Metric.class);
            for (Metric metric : Metric.values()) {
                estimates.put(metric, new Estimate((Double) cells[i + 2], width, 3));
            }
            rows.add(new Row(levelIndex, LEVELS.get(levelIndex), Optional.empty(), (String) cells[i + 1], 3,
                    estimates));
        }
        return new SweepTable(SWEEP, rows, List.of());
    }

    @Test
    void aTieIsReportedAsATieNotAsAWinOfTheFirstPolicyListed() {
        SweepTable table = table(0.001, 0, "osi", 0.5, 0, "greedy-local", 0.5, 0, "random", 0.9,
                1, "osi", 0.6, 1, "greedy-local", 0.6, 1, "random", 0.9);

        String text = SuiteReport.readLowerIsBetter(table, Metric.COST);

        assertThat(text).startsWith("osi and greedy-local tie for the lowest mean weighted cost at every point.")
                .contains("(mean weighted cost), OSI is equal at all 2 points")
                .contains("Their 95 % CIs overlap at all 2 points.");
    }

    @Test
    void osiAgainstTheBestBaselineGivesTheRangeOfGapsAndTheSeparatedIntervals() {
        SweepTable table = table(0.001, 0, "osi", 0.09, 0, "greedy-local", 0.10, 1, "osi", 0.22,
                1, "greedy-local", 0.20, 2, "osi", 0.30, 2, "greedy-local", 0.30);

        String text = SuiteReport.readLowerIsBetter(table, Metric.COST);

        assertThat(text).contains("Lowest mean weighted cost at each of the 3 points: osi at 1 point; greedy-local at "
                + "1 point; osi and greedy-local tied at 1 point.")
                .contains("from 10.0 % lower at number of users 10 (against greedy-local) to 10.0 % higher at "
                        + "number of users 20 (against greedy-local)")
                .contains("At 1 of the 3 points OSI's 95 % CI lies wholly below that baseline's, at 1 wholly above "
                        + "it and at 1 the two overlap.")
                .contains("osi goes from 0.0900 at 10 to 0.3000 at 30");
    }

    @Test
    void ratesAreComparedInPercentagePointsAndAZeroBaselineByDifferences() {
        SweepTable rates = table(0.0, 0, "osi", 0.02, 0, "greedy-local", 0.0, 1, "osi", 0.01, 1, "greedy-local", 0.0);

        assertThat(SuiteReport.readLowerIsBetter(rates, Metric.DEADLINE_VIOLATIONS))
                .contains("from 1.0 percentage points higher at number of users 20");
        assertThat(SuiteReport.readLowerIsBetter(rates, Metric.PENALTY))
                .contains("(differences, as that baseline is at zero somewhere)");
    }

    @Test
    void osiIsComparedWithTheBestDecentralisedBaselineAndSeparatelyWithTheBestCentralisedReference() {
        SweepTable table = table(0.001, 0, "osi", 0.09, 0, "least-finish", 0.10, 0, "opt", 0.06,
                0, "central-least-finish", 0.05, 1, "osi", 0.20, 1, "least-finish", 0.25, 1, "greedy-local", 0.24,
                1, "central-greedy", 0.16);

        String text = SuiteReport.readLowerIsBetter(table, Metric.COST);

        assertThat(text).contains("Against the best decentralised baseline of each point (mean weighted cost), OSI "
                + "is from 16.7 % lower at number of users 20 (against greedy-local) to 10.0 % lower at number of "
                + "users 10 (against least-finish). At 2 of the 2 points OSI's 95 % CI lies wholly below that "
                + "baseline's.")
                .contains("Against the best centralised reference of each point (mean weighted cost), OSI is from "
                        + "25.0 % higher at number of users 20 (against central-greedy) to 80.0 % higher at number "
                        + "of users 10 (against central-least-finish). At 2 of the 2 points OSI's 95 % CI lies "
                        + "wholly above that reference's.")
                .doesNotContain("heuristic").doesNotContain("Opt excluded");
    }

    @Test
    void withoutCentralisedReferencesOnlyTheDecentralisedComparisonIsWritten() {
        SweepTable table = table(0.001, 0, "osi", 0.09, 0, "least-loaded", 0.10);

        assertThat(SuiteReport.readLowerIsBetter(table, Metric.COST))
                .contains("Against the best decentralised baseline of each point")
                .doesNotContain("centralised reference");
    }

    @Test
    void aSuiteWithoutOsiDoesNotSayItsBaselinesActAsOsiDoes() {
        assertThat(SuiteReport.policiesText(List.of("osi", "greedy-local", "opt"))).isEqualTo("osi; decentralised "
                + "baselines (each user acts on its own observation, as OSI does) greedy-local; centralised references"
                + " (full information within a slot, coordinated but myopic; marked (central)) opt");
        assertThat(SuiteReport.policiesText(List.of("greedy-local", "least-loaded", "opt")))
                .startsWith("decentralised baselines (each user acts on its own observation) greedy-local, "
                        + "least-loaded; ")
                .doesNotContain("OSI", "osi");
    }

    @Test
    void tablesAndLegendsMarkOnlyTheCentralisedReferences() {
        assertThat(SuiteReport.shownName("opt")).isEqualTo("opt (central)");
        assertThat(SuiteReport.shownName("central-least-finish-min")).isEqualTo("central-least-finish-min (central)");
        assertThat(SuiteReport.shownName("least-finish")).isEqualTo("least-finish");
        assertThat(SuiteReport.shownName("osi")).isEqualTo("osi");
    }

    @Test
    void aLineMissingItsLastLevelIsDescribedByItsOwnLastPoint() {
        SweepTable table = table(0.001, 0, "osi", 0.1, 1, "osi", 0.2, 0, "opt", 0.05, 1, "opt", 0.07, 2, "osi", 0.3);

        assertThat(SuiteReport.readLowerIsBetter(table, Metric.COST)).contains("opt goes from 0.0500 at 10 to 0.0700 at 20");
    }

    @Test
    void pluralMetricsReadWithoutAVerbThatDisagrees() {
        SweepTable rates = table(0.0, 0, "osi", 0.02, 0, "greedy-local", 0.0, 1, "osi", 0.01, 1, "greedy-local", 0.0);

        assertThat(SuiteReport.readLowerIsBetter(rates, Metric.DEADLINE_VIOLATIONS))
                .startsWith("greedy-local has the lowest deadline violations at every point.")
                .doesNotContain("violations is").doesNotContain("a tie of");
    }

    @Test
    void linesThatCoincideAtEveryPointAreNamedUnderTheirFigure() {
        SweepTable table = table(0.001, 0, "osi", 0.09, 0, "greedy-local", 0.10, 0, "opt", 0.10,
                1, "osi", 0.2, 1, "greedy-local", 0.25, 1, "opt", 0.25);
        List<String> policies = List.of("osi", "opt", "greedy-local");

        assertThat(SuiteReport.tiesNote(table, Metric.COST, policies)).endsWith(": greedy-local and opt (central).");
        assertThat(SuiteReport.tiesNote(table(0.001, 0, "osi", 0.09, 0, "opt", 0.10), Metric.COST, policies))
                .isEmpty();
    }

    @Test
    void anAnchorKeepsTheLettersOfAnyScriptAsGitHubDoes() {
        assertThat(SuiteReport.anchor("Weight of the generation error ω3")).isEqualTo("weight-of-the-generation-error-ω3");
        assertThat(SuiteReport.anchor("GPU mix")).isEqualTo("gpu-mix");
        assertThat(SuiteReport.anchor("Backhaul rate (Mbit/s)")).isEqualTo("backhaul-rate-mbits");
    }

    @Test
    void sharesAreDescribedNotRanked() {
        SweepTable table = table(0.0, 0, "all-local", 1.0, 1, "all-local", 1.0, 0, "osi", 0.1, 1, "osi", 0.3);

        String text = SuiteReport.readFigure(table, Metric.LOCAL_SHARE);

        assertThat(text).contains("osi 10.0 % at 10 → 30.0 % at 20").contains("The same at every point: all-local 100.0 %")
                .doesNotContain("lowest");
    }
}
