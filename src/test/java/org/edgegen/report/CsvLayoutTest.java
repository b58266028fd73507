package org.edgegen.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class CsvLayoutTest {

    private record Run(String policy, long tasks, double meanCost) {}

    private static final Column<Run> POLICY = Column.text("policy", "the policy", Run::policy);
    private static final Column<Run> TASKS = Column.integer("tasks", "tasks", "tasks run", Run::tasks);
    private static final Column<Run> MEAN_COST = Column.number("meanCost", "", "mean cost", Run::meanCost);
    private static final CsvLayout<Run> LAYOUT = new CsvLayout<>("runs.csv", "a test", "One row per run.",
            List.of(POLICY, TASKS, MEAN_COST));

    @Test
    void aRowIsPrintedColumnByColumnWithNumbersInTheirFixedFormat() {
        assertThat(LAYOUT.header()).containsExactly("policy", "tasks", "meanCost");
        assertThat(LAYOUT.cells(new Run("osi", 12, 2.0))).containsExactly("osi", "12", "2.0");
        assertThat(LAYOUT.cells(new Run("osi", 0, 1.0 / 3))).containsExactly("osi", "0", "0.333333333333");
    }

    @Test
    void aReaderTakesACellBackByTheDeclaredColumn() throws IOException {
        String file = String.join(",", LAYOUT.header()) + "\n" + String.join(",", LAYOUT.cells(new Run("opt", 7,
                0.25))) + "\n";
        CSVRecord record = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(file)).getRecords().get(0);

        assertThat(POLICY.in(record)).isEqualTo("opt");
        assertThat(TASKS.longIn(record)).isEqualTo(7);
        assertThat(LAYOUT.column("meanCost").doubleIn(record)).isEqualTo(0.25);
    }

    @Test
    void aColumnOfAPartOfTheRowKeepsItsNameUnitAndMeaning() {
        Column<List<Run>> first = MEAN_COST.from(runs -> runs.get(0));

        assertThat(first.name()).isEqualTo("meanCost");
        assertThat(first.meaning()).isEqualTo("mean cost");
        assertThat(first.of(List.of(new Run("osi", 1, 1.5)))).isEqualTo("1.5");
    }

    @Test
    void aFileCannotDeclareAColumnNameTwiceNorBeAskedForOneItLacks() {
        assertThatThrownBy(() -> new CsvLayout<>("bad.csv", "a test", "", List.of(TASKS, TASKS)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad.csv");
        assertThatThrownBy(() -> LAYOUT.column("meanDelaySeconds"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("meanDelaySeconds");
    }

    @Test
    void theDocumentationTableHasOneLinePerColumnInFileOrder() {
        assertThat(LAYOUT.markdown()).contains("## `runs.csv`", "Written by `a test`. One row per run.",
                "| 1 | `policy` | - | the policy |", "| 2 | `tasks` | tasks | tasks run |",
                "| 3 | `meanCost` | - | mean cost |");
    }
}
