package org.edgegen.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.edgegen.report.Column;
import org.edgegen.report.CsvLayout;
import org.edgegen.GeneratedDocs;
import org.junit.jupiter.api.Test;

class OutputsDocTest {

    @Test
    void theOutputsPageIsUpToDateWithTheColumnDeclarations() throws IOException {
        GeneratedDocs.assertUpToDate("outputs.md", OutputsDoc.render());
    }

    @Test
    void everyColumnOfEveryFileHasAMeaning() {
        for (CsvLayout<?> file : OutputsDoc.FILES) {
            assertThat(file.columns()).as(file.file()).isNotEmpty()
                    .allSatisfy(column -> assertThat(column.meaning()).as(file.file() + " " + column.name())
                            .isNotBlank());
        }
    }

    @Test
    void theHeadersAreThoseTheFilesHaveAlwaysHad() {
        assertThat(String.join(",", org.edgegen.report.SlotRow.CSV.header())).isEqualTo("episode,slot,activeUsers,"
                + "meanCost,meanDelaySeconds,meanEnergyJoules,meanError,meanPenalty,local,home,neighbour,failed,"
                + "deadlineViolations,qualityViolations,droppedTasks,invalidActions,meanSteps");
        assertThat(String.join(",", org.edgegen.report.EpisodeRow.CSV.header())).isEqualTo("episode,slots,tasks,"
                + "meanCost,meanDelaySeconds,meanEnergyJoules,meanError,meanPenalty,local,home,neighbour,failed,"
                + "deadlineViolations,qualityViolations,droppedTasks,invalidActions,meanSteps");
        // comparison.csv gained its kind column (decentralised / centralised reference) with issue 11.
        assertThat(String.join(",", org.edgegen.report.ComparisonRow.CSV.header())).isEqualTo("policy,kind,meanCost,"
                + "meanDelaySeconds,meanEnergyJoules,meanError,meanPenalty,deadlineViolationRate,"
                + "qualityViolationRate,localShare,homeShare,neighbourShare,failedShare,tasks");
        assertThat(String.join(",", org.edgegen.report.ValidationFile.Row.CSV.header())).isEqualTo("episodesDone,"
                + "policyVersion,validationSeed,validationEpisodes,meanCost,meanDelaySeconds,meanEnergyJoules,"
                + "meanError,meanPenalty,tasks,best");
        assertThat(String.join(",", Sample.CSV.header())).startsWith("policy,seed,tasks,cost,delay,energy,");
    }

    /** A row of a file that does not exist, so the test shows the edit without touching a real file. */
    private record Tasks(long tasks, double meanSteps) {}

    @Test
    void addingAColumnIsOneEditToTheDeclaration() {
        List<Column<Tasks>> columns = new ArrayList<>(List.of(
                Column.integer("tasks", "tasks", "tasks in the set", Tasks::tasks)));
        CsvLayout<Tasks> before = new CsvLayout<>("example.csv", "a test", "One row per set of tasks.", columns);

        columns.add(Column.number("meanSteps", "steps", "mean denoising steps", Tasks::meanSteps));
        CsvLayout<Tasks> after = new CsvLayout<>("example.csv", "a test", "One row per set of tasks.", columns);

        assertThat(before.header()).containsExactly("tasks");
        assertThat(after.header()).containsExactly("tasks", "meanSteps");
        assertThat(after.cells(new Tasks(4, 12.5))).containsExactly("4", "12.5");
        assertThat(after.markdown()).contains("| 2 | `meanSteps` | steps | mean denoising steps |");
    }
}
