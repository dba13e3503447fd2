package dev.payhook.reconciler.report;

import dev.payhook.common.JsonSerde;
import dev.payhook.common.Money;
import dev.payhook.common.PeriodClose;
import dev.payhook.common.PeriodStatement;
import dev.payhook.common.Topics;
import dev.payhook.streams.PeerUnavailableException;
import dev.payhook.streams.QueryFailures;
import dev.payhook.web.Problems;
import dev.payhook.web.operators.Operator;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Periods: closing one ({@code POST /reconciliation/periods/{period}/close}, an operator's, for their
 * accounts), the periods with activity and whether each is closed, and a closed period's statements (JSON or
 * CSV), each of the operator's accounts.
 */
@RestController
class PeriodController {

    private static final JsonSerde<PeriodClose> CLOSES = JsonSerde.of(PeriodClose.class);

    /** A period: open, closing (its close is being added up) or closed, with its statements once closed. */
    record Period(String period, String status, List<PeriodStatement> statements) {}

    private final ReconciliationQueries queries;
    private final KafkaTemplate<String, byte[]> kafka;
    private final QueryFailures failures;
    private final Clock clock = Clock.systemUTC();

    PeriodController(ReconciliationQueries queries, KafkaTemplate<String, byte[]> kafka, QueryFailures failures) {
        this.queries = queries;
        this.kafka = kafka;
        this.failures = failures;
    }

    /**
     * Closes a period for the operator's accounts: every account for an operator of every account, unless
     * it asks for one ({@code account}); an operator limited to accounts closes theirs, never another's.
     */
    @PostMapping("/reconciliation/periods/{period}/close")
    ResponseEntity<?> close(
            @PathVariable String period,
            @RequestParam(required = false) String account,
            @RequestAttribute(Operator.ATTRIBUTE) Operator operator)
            throws InterruptedException {
        if (!JournalController.PERIOD.matcher(period).matches()) {
            return invalid("period is a day (2026-11-30) or a month (2026-11).");
        }
        Operator closing = operator.within(account);
        if (closing.isScoped() && closing.accounts().isEmpty()) {
            return Problems.problem(
                    HttpStatus.FORBIDDEN,
                    "account-not-permitted",
                    "Account not permitted",
                    "Operator " + operator.name() + " may not close the books of that account.");
        }
        PeriodClose close;
        try {
            close = new PeriodClose(period, operator.name(), clock.instant(), 1, closing.accounts());
        } catch (IllegalArgumentException e) {
            return invalid(e.getMessage());
        }
        if (PeriodClose.first(period).isAfter(java.time.LocalDate.now(java.time.ZoneOffset.UTC))) {
            return invalid("period " + period + " has not begun: only a period that has begun can be closed.");
        }
        ReconciliationQueries.Periods periods = queries.periods(closing, account);
        if (periods.closed().contains(period)) {
            return Problems.problem(
                    HttpStatus.CONFLICT,
                    "period-closed",
                    "Period already closed",
                    "Period " + period + " is closed" + (closing.isScoped() ? " for " + closing.accounts() : "")
                            + "; a closed period is never reopened. A correction is a new entry in an open period.");
        }
        String overlapping = periods.closed().stream()
                .filter(closed -> !PeriodClose.last(closed).isBefore(PeriodClose.first(period))
                        && !PeriodClose.last(period).isBefore(PeriodClose.first(closed)))
                .findFirst()
                .orElse(null);
        if (overlapping != null) {
            // A day of a closed month, or a month with a closed day: every amount is stated once.
            return Problems.problem(
                    HttpStatus.CONFLICT,
                    "period-overlaps-closed",
                    "Period overlaps a closed period",
                    "Period " + period + " overlaps " + overlapping + ", which is closed"
                            + (closing.isScoped() ? " for " + closing.accounts() : "")
                            + ": its days are stated there already.");
        }
        if (!periods.closing().isEmpty()) {
            // Closes of the same accounts must not interleave (each task would split their records between
            // them); closes of other accounts do not show here, and need not wait.
            return Problems.retryAfter(
                    Problems.problem(
                            HttpStatus.CONFLICT,
                            "close-in-progress",
                            "A close is in progress",
                            "Period " + periods.closing().first() + " is being closed; close one period at a time."),
                    java.time.Duration.ofSeconds(5));
        }
        List<PartitionInfo> partitions = kafka.partitionsFor(Topics.DISCREPANCY_RESOLUTIONS);
        PeriodClose marker =
                new PeriodClose(period, operator.name(), close.requestedAt(), partitions.size(), close.accounts());
        try {
            for (PartitionInfo partition : partitions) {
                kafka.send(
                                Topics.DISCREPANCY_RESOLUTIONS,
                                partition.partition(),
                                "close:" + period,
                                CLOSES.toBytes(marker))
                        .get(10, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            return JournalController.notStored(
                    "The close was not stored whole; retry: a task that closed the period already ignores it.");
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(marker);
    }

    /**
     * Every period with activity in the operator's accounts (days and months), newest first: open, closing
     * or closed for all of them, with the statements of their accounts made so far.
     */
    @GetMapping("/reconciliation/periods")
    List<Period> periods(
            @RequestParam(required = false) String account, @RequestAttribute(Operator.ATTRIBUTE) Operator operator) {
        ReconciliationQueries.Periods periods = queries.periods(operator.within(account), account);
        SortedMap<String, Period> all = new TreeMap<>(java.util.Comparator.reverseOrder());
        periods.active().forEach(p -> all.put(p, period(p, "OPEN", periods)));
        periods.closing().forEach(p -> all.put(p, period(p, "CLOSING", periods)));
        periods.closed().forEach(p -> all.put(p, period(p, "CLOSED", periods)));
        return new ArrayList<>(all.values());
    }

    private static Period period(String period, String status, ReconciliationQueries.Periods periods) {
        return new Period(period, status, periods.statements().getOrDefault(period, List.of()));
    }

    @GetMapping("/reconciliation/periods/{period}")
    ResponseEntity<?> period(
            @PathVariable String period,
            @RequestParam(required = false) String format,
            @RequestParam(required = false) String account,
            @RequestHeader(value = "Accept", required = false) String accept,
            @RequestAttribute(Operator.ATTRIBUTE) Operator operator)
            throws IOException {
        if (!JournalController.PERIOD.matcher(period).matches()) {
            return invalid("period is a day (2026-11-30) or a month (2026-11).");
        }
        ReconciliationQueries.Periods periods = queries.periods(operator.within(account), account);
        if (!periods.closed().contains(period)) {
            return Problems.problem(
                    HttpStatus.NOT_FOUND,
                    "period-not-closed",
                    "Period not closed",
                    "Period " + Money.abbreviate(period) + " is "
                            + (periods.closing().contains(period) ? "closing" : "open")
                            + ": it has a statement once closed.");
        }
        List<PeriodStatement> statements = periods.statements().getOrDefault(period, List.of());
        if ("csv".equals(format) || accept != null && accept.contains("text/csv")) {
            return ResponseEntity.ok()
                    .contentType(MediaType.parseMediaType("text/csv"))
                    .body(csv(statements));
        }
        return ResponseEntity.ok(new Period(period, "CLOSED", statements));
    }

    @GetMapping("/reconciliation/periods/local")
    ReconciliationQueries.LocalPeriods localPeriods(
            @RequestParam(required = false) String account, @RequestAttribute(Operator.ATTRIBUTE) Operator operator) {
        return queries.localPeriods(operator.within(account));
    }

    private static String csv(List<PeriodStatement> statements) throws IOException {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = CSVFormat.RFC4180
                .builder()
                .setHeader(
                        "period",
                        "account",
                        "source",
                        "currency",
                        "captured",
                        "refunded",
                        "charged_back",
                        "fees",
                        "paid_out",
                        "lines",
                        "matched_lines",
                        "matched_amount",
                        "open_discrepancies",
                        "open_amount",
                        "journal_entries",
                        "clearing_balance",
                        "adjusts_period",
                        "hash")
                .get()
                .print(out)) {
            for (PeriodStatement s : statements) {
                String c = s.currency();
                long openAmount = s.open().stream()
                        .mapToLong(o -> o.amount() == null ? 0 : o.amount())
                        .sum();
                csv.printRecord(row(
                        s,
                        null,
                        s.totals(),
                        c,
                        s.open().size(),
                        openAmount,
                        s.journalEntries().size(),
                        s.clearingBalance(),
                        s.hash()));
                for (PeriodStatement.Adjustment a : s.adjustments()) {
                    csv.printRecord(row(s, a.adjustsPeriod(), a.totals(), c, 0, 0, 0, 0, null));
                }
            }
        }
        return out.toString();
    }

    private static List<String> row(
            PeriodStatement s,
            String adjusts,
            PeriodStatement.Totals t,
            String c,
            long open,
            long openAmount,
            long entries,
            long clearing,
            String hash) {
        return Arrays.asList(
                        s.period(),
                        s.account(),
                        s.source(),
                        c,
                        major(t.captured(), c),
                        major(t.refunded(), c),
                        major(t.chargedBack(), c),
                        major(t.fees(), c),
                        major(t.paidOut(), c),
                        String.valueOf(t.lines()),
                        String.valueOf(t.matchedLines()),
                        major(t.matchedAmount(), c),
                        String.valueOf(open),
                        major(openAmount, c),
                        String.valueOf(entries),
                        major(clearing, c),
                        adjusts,
                        hash)
                .stream()
                .map(DiscrepancyCsv::cell)
                .toList();
    }

    private static String major(long minor, String currency) {
        try {
            return Money.toMajorUnits(minor, currency).toPlainString();
        } catch (RuntimeException unknownCurrency) {
            return String.valueOf(minor);
        }
    }

    private static ResponseEntity<ProblemDetail> invalid(String detail) {
        return Problems.problem(HttpStatus.BAD_REQUEST, "invalid-query", "Invalid query", detail);
    }

    @ExceptionHandler({InvalidStateStoreException.class, IllegalStateException.class, PeerUnavailableException.class})
    ResponseEntity<ProblemDetail> failed(RuntimeException failure) {
        return failures.answer(failure, "Reconciliation state");
    }
}
