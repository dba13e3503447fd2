package dev.payhook.provider.settlement;

import java.util.Locale;
import org.apache.commons.csv.CSVRecord;

/**
 * One CSV record, read by header name: trimmed, empty cells as null, missing columns as errors. It
 * remembers the last column read, so a row refused while its cell was being checked names the column.
 */
final class ReportRow {

    private final CSVRecord record;
    private final long line;
    private String lastColumn;

    ReportRow(CSVRecord record, long line) {
        this.record = record;
        this.line = line;
    }

    long line() {
        return line;
    }

    /** The column whose cell was read last: the one a refusal of the row is about. */
    String lastColumn() {
        return lastColumn;
    }

    /** The cell's text, or null when the cell is empty or the column is absent from the header. */
    String text(String column) {
        lastColumn = column;
        if (!record.isMapped(column)) {
            return null;
        }
        if (!record.isSet(column)) {
            throw new IllegalArgumentException("has " + record.size() + " fields, fewer than the header");
        }
        String value = record.get(column).trim();
        return value.isEmpty() ? null : value;
    }

    /** Whether the report's header has the column, whatever this row holds in it. */
    boolean has(String column) {
        return record.isMapped(column);
    }

    String required(String column) {
        String value = text(column);
        if (value == null) {
            throw new IllegalArgumentException(column + " is empty");
        }
        return value;
    }

    String lowerCase(String column) {
        String value = text(column);
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    /** The row's content, independent of where it is in the file: a reference for rows that lack one. */
    String fingerprint() {
        return String.join("\u001f", record.values());
    }
}
