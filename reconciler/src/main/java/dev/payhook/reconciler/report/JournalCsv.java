package dev.payhook.reconciler.report;

import dev.payhook.common.JournalEntry;
import dev.payhook.common.Money;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The journal as accounting tools import it: one row per line of an entry (date, account, debit,
 * credit, currency, memo, reference), amounts in major units with the currency's ISO 4217 decimals, then
 * the entry's id, what it reverses and the closed period it adjusts. Cells are neutralised as the
 * discrepancies' CSV neutralises them ({@link DiscrepancyCsv#cell}).
 */
final class JournalCsv {

    static final List<String> COLUMNS = List.of(
            "date",
            "account",
            "debit",
            "credit",
            "currency",
            "memo",
            "reference",
            "entry_id",
            "reverses",
            "adjusts_period");

    private JournalCsv() {}

    static String write(List<JournalEntry> entries) throws IOException {
        StringWriter csv = new StringWriter();
        try (CSVPrinter printer = CSVFormat.RFC4180
                .builder()
                .setHeader(COLUMNS.toArray(String[]::new))
                .get()
                .print(csv)) {
            for (JournalEntry entry : entries) {
                for (JournalEntry.Line line : entry.lines()) {
                    printer.printRecord(Arrays.asList(
                                    entry.period(),
                                    line.account(),
                                    line.debit() == 0 ? null : Money.toMajorUnits(line.debit(), line.currency()),
                                    line.credit() == 0 ? null : Money.toMajorUnits(line.credit(), line.currency()),
                                    line.currency(),
                                    entry.memo(),
                                    entry.reference(),
                                    entry.entryId(),
                                    entry.reverses(),
                                    entry.adjustsPeriod())
                            .stream()
                            .map(value -> value instanceof java.math.BigDecimal d ? d.toPlainString() : value)
                            .map(DiscrepancyCsv::cell)
                            .toList());
                }
            }
        }
        return csv.toString();
    }
}
