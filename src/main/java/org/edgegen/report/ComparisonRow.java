package org.edgegen.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.edgegen.policy.BaselineKind;

/** One policy's line of {@code comparison.csv}: what all its tasks of the evaluation episodes came to. */
public record ComparisonRow(String policy, TaskStats stats) {

    /** The baseline's kind; empty for OSI, which is not a baseline. */
    public Optional<BaselineKind> kind() {
        return BaselineKind.of(policy);
    }

    /** The kind as tables print it ({@link BaselineKind#label}); empty for OSI. */
    public Optional<String> kindLabel() {
        return kind().map(BaselineKind::label);
    }

    /** The columns of {@code comparison.csv}. */
    public static final CsvLayout<ComparisonRow> CSV = new CsvLayout<>(Comparison.CSV, "evaluate --out DIR",
            "One row per policy, in the order they ran: what all its tasks of the evaluation episodes came to "
                    + "(task-weighted means, fractions of all tasks).",
            columns());

    private static List<Column<ComparisonRow>> columns() {
        List<Column<ComparisonRow>> columns = new ArrayList<>(CsvLayout.columns(TaskColumns.MEANS,
                ComparisonRow::stats, Column.text("policy", "the policy's name", ComparisonRow::policy),
                Column.text("kind", "`decentralised` (each user acts on its own observation) or `centralised "
                        + "reference` (full information within a slot: `opt`, `central-*`); empty for `osi`",
                        row -> row.kindLabel().orElse(""))));
        columns.addAll(CsvLayout.columns(List.of(TaskColumns.DEADLINE_VIOLATION_RATE,
                TaskColumns.QUALITY_VIOLATION_RATE, TaskColumns.LOCAL_SHARE, TaskColumns.HOME_SHARE,
                TaskColumns.NEIGHBOUR_SHARE, TaskColumns.FAILED_SHARE, TaskColumns.TASKS), ComparisonRow::stats));
        return columns;
    }
}
