package dev.payhook.ingress.settlement;

import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ObjLongConsumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams a report through a format, one record at a time: a file of any length is never held in
 * memory. Usable payment lines go to the sink as they are read; a bad line is rejected with its
 * line number and reason and never stops the good ones.
 */
public final class SettlementReportParser {

    private static final CSVFormat CSV = CSVFormat.RFC4180.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true)
            .setIgnoreHeaderCase(true)
            .setAllowMissingColumnNames(true)
            .setIgnoreSurroundingSpaces(true)
            .get();

    /** Reasons kept per upload; beyond that only the count grows, so a garbage file cannot exhaust memory. */
    static final int MAX_REJECTED_KEPT = 10_000;

    /**
     * @param cutoff the latest time of any usable row: what the report covers
     * @param totals batch-level rows summed by kind and currency
     */
    record Result(long lines, long batchRows, Instant cutoff, SortedMap<String, SortedMap<String, Long>> totals,
            long rejectedCount, List<RejectedLine> rejected) {

        long accepted() {
            return lines + batchRows;
        }
    }

    /** The file's header lacks columns the format needs: no row of it can be read. */
    public static final class MissingColumnsException extends Exception {
        MissingColumnsException(String message) {
            super(message);
        }
    }

    private SettlementReportParser() {
    }

    static Result parse(Reader input, SettlementReportFormat format, ObjLongConsumer<ParsedRow.PaymentLine> sink)
            throws IOException, MissingColumnsException {
        long lines = 0;
        long batchRows = 0;
        Instant cutoff = null;
        SortedMap<String, SortedMap<String, Long>> totals = new TreeMap<>();
        List<RejectedLine> rejected = new ArrayList<>();
        long rejectedCount = 0;
        try (CSVParser csv = CSV.parse(withoutByteOrderMark(input))) {
            checkHeader(csv, format);
            Iterator<CSVRecord> records = csv.iterator();
            while (true) {
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    // An unterminated quote swallows the rest of the file: nothing after it is readable.
                    rejectedCount++;
                    rejected.add(new RejectedLine(csv.getCurrentLineNumber() + 1, "malformed CSV: " + e.getMessage()));
                    break;
                }
                long line = csv.getCurrentLineNumber();
                try {
                    ParsedRow row = format.parse(new ReportRow(record, line));
                    if (row instanceof ParsedRow.PaymentLine paymentLine) {
                        sink.accept(paymentLine, line);
                        lines++;
                        cutoff = latest(cutoff, paymentLine.settledAt());
                    } else if (row instanceof ParsedRow.BatchRow batchRow) {
                        totals.computeIfAbsent(batchRow.kind(), k -> new TreeMap<>())
                                .merge(batchRow.currency(), batchRow.amount(), Math::addExact);
                        batchRows++;
                        cutoff = latest(cutoff, batchRow.at());
                    }
                } catch (IllegalArgumentException | ArithmeticException e) {
                    if (rejectedCount++ < MAX_REJECTED_KEPT) {
                        rejected.add(new RejectedLine(line, e.getMessage()));
                    }
                }
            }
        }
        return new Result(lines, batchRows, cutoff, totals, rejectedCount, rejected);
    }

    private static void checkHeader(CSVParser csv, SettlementReportFormat format) throws MissingColumnsException {
        TreeSet<String> present = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        present.addAll(csv.getHeaderNames());
        List<String> missing = format.requiredColumns().stream().filter(c -> !present.contains(c)).toList();
        if (!missing.isEmpty()) {
            throw new MissingColumnsException("The " + format.name() + " report needs the columns " + missing
                    + "; the header has " + csv.getHeaderNames() + ".");
        }
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    /** Spreadsheet exports often start with a UTF-8 byte order mark, which is not part of the first column's name. */
    private static Reader withoutByteOrderMark(Reader input) throws IOException {
        PushbackReader reader = new PushbackReader(input, 1);
        int first = reader.read();
        if (first != -1 && first != '\uFEFF') {
            reader.unread(first);
        }
        return reader;
    }
}
