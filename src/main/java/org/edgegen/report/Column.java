package org.edgegen.report;

import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import org.apache.commons.csv.CSVRecord;

/**
 * One column of an output CSV file, declared once: its name, unit and meaning (docs/outputs.md is generated from
 * them) and how its cell is taken from a row, so that the writer, the readers and the documentation cannot drift.
 *
 * @param unit    the unit of the values; empty for names, counts of nothing in particular and pure numbers
 * @param meaning one sentence for the documentation
 * @param cell    the cell's text for a row (numbers printed by {@link Numbers#format}, so runs compare by bytes)
 */
public record Column<R>(String name, String unit, String meaning, Function<? super R, String> cell) {

    /**
     * A real-valued column, printed by {@link Numbers#real}: always with a decimal point, so that a reader such as
     * pandas types the column as real in every run, not as integer in a run where all its values are whole.
     */
    public static <R> Column<R> number(String name, String unit, String meaning, ToDoubleFunction<? super R> value) {
        return new Column<>(name, unit, meaning, row -> Numbers.real(value.applyAsDouble(row)));
    }

    /**
     * A real-valued column that may have no value: printed as {@link #number} does, and left empty where the value is
     * NaN (a mean over no task, an interval over fewer than two samples), so that no reader takes it for a number.
     * {@link #optionalIn} reads such a cell back as NaN.
     */
    public static <R> Column<R> optionalNumber(String name, String unit, String meaning,
            ToDoubleFunction<? super R> value) {
        return new Column<>(name, unit, meaning, row -> {
            double v = value.applyAsDouble(row);
            return Double.isNaN(v) ? "" : Numbers.real(v);
        });
    }

    /** An integer column (counts, indices, seeds, versions), printed in plain decimal. */
    public static <R> Column<R> integer(String name, String unit, String meaning, ToLongFunction<? super R> value) {
        return new Column<>(name, unit, meaning, row -> Long.toString(value.applyAsLong(row)));
    }

    /** A text column, printed as given. */
    public static <R> Column<R> text(String name, String meaning, Function<? super R, String> value) {
        return new Column<>(name, "", meaning, value);
    }

    /** The same column in a file whose rows hold an {@code R} (e.g. the {@link TaskStats} of a slot row). */
    public <S> Column<S> from(Function<? super S, ? extends R> part) {
        Function<? super R, String> own = cell;
        return new Column<>(name, unit, meaning, row -> own.apply(part.apply(row)));
    }

    /** This column's cell of {@code row}. */
    public String of(R row) {
        return cell.apply(row);
    }

    /** This column's cell of a row read back from the file. */
    public String in(CSVRecord record) {
        return record.get(name);
    }

    public double doubleIn(CSVRecord record) {
        return Double.parseDouble(in(record));
    }

    /** A cell of an {@link #optionalNumber} column: NaN when empty (or written as NaN by an older build). */
    public static double optionalIn(String cell) {
        return cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
    }

    public long longIn(CSVRecord record) {
        return Long.parseLong(in(record));
    }
}
