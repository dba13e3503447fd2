package dev.payhook.provider.settlement;

import dev.payhook.common.RejectedLine;
import dev.payhook.common.SettlementBatch;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams a report through a format, one record at a time: a file of any length is never held in
 * memory. Usable payment lines go to the sink as they are read; a bad line is rejected with its
 * line number and reason and never stops the good ones.
 */
public final class SettlementReportParser {

    private static final CSVFormat CSV = CSVFormat.RFC4180
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true)
            .setIgnoreHeaderCase(true)
            .setAllowMissingColumnNames(true)
            .setIgnoreSurroundingSpaces(true)
            .get();

    /**
     * Reasons kept per upload; beyond that only the count grows, so a garbage file cannot exhaust
     * memory or make an answer of megabytes.
     */
    static final int MAX_REJECTED_KEPT = 1_000;

    /** How far after the upload a line may be dated: time zones and a report cut at midnight. */
    static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);

    /** The reason of a line dated after the upload, as clients may match on it. */
    public static final String SETTLED_IN_FUTURE = "settled-in-future";

    /**
     * @param cutoff the latest time of any usable row: what the report covers
     * @param totals batch-level rows summed by kind and currency
     * @param net    the payment lines' net by the currency it was booked in
     * @param payouts by currency, for the currencies the report has a payout row in
     * @param accounts the merchant accounts its usable rows belong to
     */
    record Result(
            long lines,
            long batchRows,
            Instant cutoff,
            SortedMap<String, SortedMap<String, Long>> totals,
            SortedMap<String, Long> net,
            SortedMap<String, SettlementBatch.Payout> payouts,
            long rejectedCount,
            List<RejectedLine> rejected,
            SortedSet<String> accounts) {

        long accepted() {
            return lines + batchRows;
        }
    }

    /** The file's header lacks what the format needs (columns, a time zone): no row of it can be read. */
    public static final class MissingColumnsException extends Exception {
        private final String type;

        MissingColumnsException(SettlementReportFormat.UnusableHeader problem) {
            super(problem.message());
            this.type = problem.type();
        }

        /** The problem type: {@code missing-columns}, {@code missing-time-zone}. */
        public String type() {
            return type;
        }
    }

    /** A payment line as it is read, with its number in the file and the merchant account it belongs to. */
    interface LineSink {
        void accept(ParsedRow.PaymentLine line, long number, String account);
    }

    /** A row belongs to an account the upload may not speak for: the file is refused whole. */
    public static final class AccountNotPermittedException extends Exception {
        private final long line;

        AccountNotPermittedException(long line, String message) {
            super(message);
            this.line = line;
        }

        public long line() {
            return line;
        }
    }

    private SettlementReportParser() {}

    /**
     * Reads the whole report as CSV without using it: the file is refused whole, before any line is
     * published, when a record cannot be read.
     */
    static void validate(Reader input, SettlementReportFormat format, ReportOptions options)
            throws IOException, MissingColumnsException, MalformedReportException, AccountNotPermittedException {
        BoundedRecordReader bounded = new BoundedRecordReader(withoutByteOrderMark(input));
        long lastGoodLine = 1;
        try (CSVParser csv = CSV.parse(bounded)) {
            checkHeader(csv, format);
            for (Iterator<CSVRecord> records = csv.iterator(); records.hasNext(); ) {
                CSVRecord record = records.next();
                lastGoodLine = csv.getCurrentLineNumber();
                if (options.permittedAccounts() != null) {
                    String account;
                    try {
                        account = account(new ReportRow(record, lastGoodLine), format, options);
                    } catch (IllegalArgumentException e) {
                        continue; // a row too short for its account cell is rejected when the file is read
                    }
                    permitted(options, account, lastGoodLine);
                }
            }
        } catch (UncheckedIOException | IllegalStateException | IOException e) {
            Throwable cause = e instanceof UncheckedIOException ? e.getCause() : e;
            if (cause instanceof BoundedRecordReader.RecordTooLongException tooLong) {
                throw new MalformedReportException(tooLong.line, cause.getMessage() + ".");
            }
            // Commons CSV's messages are short and name the grammar rule; the record began after the last good one.
            throw new MalformedReportException(
                    lastGoodLine + 1,
                    "the record starting here is not valid CSV (" + abbreviate(cause.getMessage()) + ").");
        }
    }

    /**
     * @param uploadedAt lines settled more than {@link #FUTURE_TOLERANCE} after it are rejected:
     *                   a report cannot describe settlements that have not happened, and such a
     *                   line must never become the batch's cut-off
     */
    static Result parse(
            Reader input, SettlementReportFormat format, ReportOptions options, Instant uploadedAt, LineSink sink)
            throws IOException, MissingColumnsException {
        long lines = 0;
        long batchRows = 0;
        Instant cutoff = null;
        Instant latestPlausible = uploadedAt.plus(FUTURE_TOLERANCE);
        SortedMap<String, SortedMap<String, Long>> totals = new TreeMap<>();
        SortedMap<String, Long> net = new TreeMap<>();
        // By payout: its id where the report ties rows to their payout, else its currency.
        SortedMap<String, Long> paid = new TreeMap<>();
        SortedMap<String, Long> lineNet = new TreeMap<>();
        SortedMap<String, Long> otherRows = new TreeMap<>();
        SortedMap<String, String> payoutCurrency = new TreeMap<>();
        SortedMap<String, List<SettlementBatch.Payout.Transfer>> transfers = new TreeMap<>();
        List<RejectedLine> rejected = new ArrayList<>();
        SortedSet<String> accounts = new TreeSet<>();
        long rejectedCount = 0;
        try (CSVParser csv = CSV.parse(new BoundedRecordReader(withoutByteOrderMark(input)))) {
            checkHeader(csv, format);
            for (CSVRecord record : csv) {
                long line = csv.getCurrentLineNumber();
                ReportRow reportRow = new ReportRow(record, line);
                try {
                    String account = account(reportRow, format, options);
                    ParsedRow row = format.parse(reportRow);
                    if (row.at().isAfter(latestPlausible)) {
                        throw new IllegalArgumentException(SETTLED_IN_FUTURE + ": dated " + row.at() + ", more than "
                                + FUTURE_TOLERANCE.toHours() + " hours after the upload");
                    }
                    if (account != null) {
                        accounts.add(account);
                    }
                    if (row instanceof ParsedRow.PaymentLine paymentLine) {
                        sink.accept(paymentLine, line, account);
                        net.merge(paymentLine.netCurrency(), paymentLine.net(), Math::addExact);
                        lineNet.merge(
                                payoutKey(paymentLine.payoutId(), paymentLine.netCurrency()),
                                paymentLine.net(),
                                Math::addExact);
                        lines++;
                    } else if (row instanceof ParsedRow.BatchRow batchRow) {
                        totals.computeIfAbsent(batchRow.kind(), k -> new TreeMap<>())
                                .merge(batchRow.currency(), batchRow.amount(), Math::addExact);
                        String payout = payoutKey(batchRow.payoutId(), batchRow.currency());
                        if (batchRow.payout()) {
                            // A payout leaves the balance: a debit, paid out as a positive amount.
                            paid.merge(payout, Math.negateExact(batchRow.amount()), Math::addExact);
                            payoutCurrency.put(payout, batchRow.currency());
                            transfers
                                    .computeIfAbsent(payout, p -> new ArrayList<>())
                                    .add(new SettlementBatch.Payout.Transfer(
                                            batchRow.reference(),
                                            Math.negateExact(batchRow.amount()),
                                            LocalDate.ofInstant(batchRow.at(), ZoneOffset.UTC)));
                        } else {
                            otherRows.merge(payout, batchRow.amount(), Math::addExact);
                        }
                        batchRows++;
                    }
                    cutoff = latest(cutoff, row.at());
                } catch (IllegalArgumentException | ArithmeticException e) {
                    if (rejectedCount++ < MAX_REJECTED_KEPT) {
                        // A date past the upload is the row's, not one cell's.
                        boolean wholeRow = String.valueOf(e.getMessage()).startsWith(SETTLED_IN_FUTURE);
                        rejected.add(new RejectedLine(line, wholeRow ? null : reportRow.lastColumn(), e.getMessage()));
                    }
                }
            }
        } catch (UncheckedIOException e) {
            // validate() read this same file to its end; only the disk failing can get here.
            throw e.getCause();
        }
        SortedMap<String, SettlementBatch.Payout> payouts = new TreeMap<>();
        paid.forEach((payout, amount) -> payouts.put(
                payout,
                new SettlementBatch.Payout(
                        amount,
                        lineNet.getOrDefault(payout, 0L),
                        otherRows.getOrDefault(payout, 0L),
                        payout.equals(payoutCurrency.get(payout)) ? null : payoutCurrency.get(payout),
                        transfers.get(payout))));
        return new Result(lines, batchRows, cutoff, totals, net, payouts, rejectedCount, rejected, accounts);
    }

    /** The row's merchant account: its own cell, where the layout has one, else the report's. */
    private static String account(ReportRow row, SettlementReportFormat format, ReportOptions options) {
        String named = format.accountColumn() == null ? null : row.text(format.accountColumn());
        return dev.payhook.common.Identifiers.bounded("account", options.accountOf(named));
    }

    private static void permitted(ReportOptions options, String account, long line)
            throws AccountNotPermittedException {
        if (account == null) {
            throw new AccountNotPermittedException(
                    line,
                    "Line " + line + " names no merchant account, and the upload says none: upload with "
                            + "?account=<one of " + new TreeSet<>(options.permittedAccounts()) + ">.");
        }
        if (!options.permittedAccounts().contains(account)) {
            throw new AccountNotPermittedException(
                    line,
                    "Line " + line + " belongs to an account this operator may not upload for; the file is refused"
                            + " whole.");
        }
    }

    private static String payoutKey(String payoutId, String currency) {
        return payoutId != null ? payoutId : currency;
    }

    private static String abbreviate(String message) {
        String text = String.valueOf(message);
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    private static void checkHeader(CSVParser csv, SettlementReportFormat format) throws MissingColumnsException {
        TreeSet<String> present = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        present.addAll(csv.getHeaderNames());
        var problem = format.headerProblem(present);
        if (problem.isPresent()) {
            throw new MissingColumnsException(problem.get());
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
