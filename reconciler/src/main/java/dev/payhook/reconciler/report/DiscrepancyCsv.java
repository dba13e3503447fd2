package dev.payhook.reconciler.report;

import dev.payhook.common.Discrepancy;
import dev.payhook.common.Money;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Discrepancies as CSV for finance teams, safe to open in a spreadsheet. Expected/actual texts,
 * references and notes come from settlement files and operators, so a cell that a spreadsheet
 * would run as a formula (OWASP's "CSV injection": text starting with {@code = + - @}, tab or
 * carriage return) is written with a leading apostrophe, which spreadsheets show as text. Plain
 * numbers stay numbers, negative ones included.
 */
final class DiscrepancyCsv {

    static final List<String> COLUMNS = List.of(
            "discrepancy_id",
            "type",
            "status",
            "payment_id",
            "expected",
            "actual",
            "amount",
            "amount_minor",
            "currency",
            "batch_id",
            "reference",
            "detected_at",
            "resolved_at",
            "resolved_by",
            "operator",
            "resolution");

    private static final Pattern PLAIN_NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d+)?");

    private DiscrepancyCsv() {}

    static String write(List<Discrepancy> discrepancies) throws IOException {
        StringWriter csv = new StringWriter();
        try (CSVPrinter printer = CSVFormat.RFC4180
                .builder()
                .setHeader(COLUMNS.toArray(String[]::new))
                .get()
                .print(csv)) {
            for (Discrepancy d : discrepancies) {
                printer.printRecord(java.util.Arrays.asList(
                                d.discrepancyId(),
                                d.type(),
                                d.status(),
                                d.paymentId(),
                                d.expected(),
                                d.actual(),
                                majorUnits(d),
                                d.amount(),
                                d.currency(),
                                d.batchId(),
                                d.reference(),
                                d.detectedAt(),
                                d.resolvedAt(),
                                d.resolvedBy(),
                                d.operator(),
                                d.resolution())
                        .stream() // cells may be empty (null)
                        .map(DiscrepancyCsv::cell)
                        .toList());
            }
        }
        return csv.toString();
    }

    /** The cell's text, neutralised when a spreadsheet would evaluate it. */
    static String cell(Object value) {
        if (value == null) {
            return null;
        }
        String text = value.toString();
        if (text.isEmpty() || PLAIN_NUMBER.matcher(text).matches()) {
            return text;
        }
        char first = text.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + text
                : text;
    }

    private static String majorUnits(Discrepancy d) {
        return d.amount() == null || d.currency() == null
                ? null
                : Money.toMajorUnits(d.amount(), d.currency()).toPlainString();
    }
}
