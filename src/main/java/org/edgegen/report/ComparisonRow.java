package org.edgegen.report;

import java.util.ArrayList;
import java.util.List;

/** One policy's line of {@code comparison.csv}: what all its tasks of the evaluation episodes came to. */
public record ComparisonRow(String policy, TaskStats stats) {

    /** The columns of {@code comparison.csv}. */
    public static final CsvLayout<ComparisonRow> CSV = new CsvLayout<>(Comparison.CSV, "evaluate --out DIR",
            "One row per policy, in the order they ran: what all its tasks of the evaluation episodes came to "
                    + "(task-weighted means, fractions of all tasks).",
            columns());

    private static List<Column<ComparisonRow>> columns() {
        List<Column<ComparisonRow>> columns = new ArrayList<>(CsvLayout.columns(TaskColumns.MEANS,
                ComparisonRow::stats, Column.text("policy", "the policy's name", ComparisonRow::policy)));
        columns.addAll(CsvLayout.columns(List.of(TaskColumns.DEADLINE_VIOLATION_RATE,
                TaskColumns.QUALITY_VIOLATION_RATE, TaskColumns.LOCAL_SHARE, TaskColumns.HOME_SHARE,
                TaskColumns.NEIGHBOUR_SHARE, TaskColumns.FAILED_SHARE, TaskColumns.TASKS), ComparisonRow::stats));
        return columns;
    }
}
