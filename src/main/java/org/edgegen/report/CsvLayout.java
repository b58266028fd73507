package org.edgegen.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;

/**
 * The columns of one output CSV file, in order, with what its rows are: the single declaration its writer prints
 * from, its readers look columns up in and docs/outputs.md documents.
 *
 * @param file        the file name, or a pattern such as {@code SWEEP.csv}
 * @param writtenBy   where the file comes from, e.g. {@code simulate --out DIR}
 * @param description what one row is, and what holds for all its columns (Markdown)
 */
public record CsvLayout<R>(String file, String writtenBy, String description, List<Column<R>> columns) {

    public CsvLayout {
        columns = List.copyOf(columns);
        if (columns.stream().map(Column::name).distinct().count() != columns.size()) {
            throw new IllegalArgumentException(file + " declares a column name twice: " + names(columns));
        }
    }

    /** The column names, as in the header line. */
    public List<String> header() {
        return names(columns);
    }

    /** The cells of one row, in column order. */
    public List<String> cells(R row) {
        List<String> cells = new ArrayList<>(columns.size());
        for (Column<R> column : columns) {
            cells.add(column.of(row));
        }
        return cells;
    }

    /** The CSV format of every output file: the header, {@code \n} line ends. */
    public CSVFormat format() {
        return CSVFormat.DEFAULT.builder().setHeader(header().toArray(String[]::new)).setRecordSeparator("\n").get();
    }

    /** The column named {@code name}. */
    public Column<R> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(file + " has no column " + name));
    }

    /** The section of docs/outputs.md: heading, description and a table of the columns. */
    public String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("## `").append(file).append("`\n\n");
        out.append("Written by `").append(writtenBy).append("`. ").append(description.strip()).append("\n\n");
        out.append("| # | Column | Unit | Meaning |\n|---|---|---|---|\n");
        for (int i = 0; i < columns.size(); i++) {
            Column<R> column = columns.get(i);
            out.append("| ").append(i + 1).append(" | `").append(column.name()).append("` | ")
                    .append(column.unit().isEmpty() ? "-" : cell(column.unit())).append(" | ")
                    .append(cell(column.meaning())).append(" |\n");
        }
        return out.append('\n').toString();
    }

    /** Columns in order: the leading ones, then {@code shared} taken from a part of the row. */
    @SafeVarargs
    public static <R, P> List<Column<R>> columns(List<Column<P>> shared, Function<? super R, ? extends P> part,
            Column<R>... leading) {
        List<Column<R>> all = new ArrayList<>(List.of(leading));
        shared.forEach(column -> all.add(column.from(part)));
        return all;
    }

    private static <R> List<String> names(List<Column<R>> columns) {
        return columns.stream().map(Column::name).toList();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
