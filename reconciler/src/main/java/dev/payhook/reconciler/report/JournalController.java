package dev.payhook.reconciler.report;

import dev.payhook.common.Discrepancy;
import dev.payhook.common.JournalEntry;
import dev.payhook.common.JournalReversal;
import dev.payhook.common.JsonSerde;
import dev.payhook.common.Money;
import dev.payhook.common.ResolutionAction;
import dev.payhook.common.Topics;
import dev.payhook.reconciler.journal.ChartOfAccounts;
import dev.payhook.reconciler.journal.Journal;
import dev.payhook.reconciler.journal.JournalChain;
import dev.payhook.streams.PeerUnavailableException;
import dev.payhook.streams.QueryFailures;
import dev.payhook.web.Problems;
import dev.payhook.web.operators.Operator;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The journal the resolutions post ({@code GET /journal?period=}, JSON or CSV), the entry a resolution
 * would post before the operator confirms it, reversals (a new entry, never an edit), and the audit of
 * the journal's hash chains ({@code GET /reconciliation/audit/verify}).
 */
@RestController
class JournalController {

    /** A day ({@code 2026-11-30}) or a month ({@code 2026-11}). */
    static final Pattern PERIOD = Pattern.compile("\\d{4}-\\d{2}(-\\d{2})?");

    private static final JsonSerde<JournalReversal> REVERSALS = JsonSerde.of(JournalReversal.class);

    record ReversalRequest(String note) {}

    /** What a resolution would post: the lines, and whether they balance (they always do). */
    record EntryPreview(String discrepancyId, ResolutionAction action, List<JournalEntry.Line> lines) {}

    private final ReconciliationQueries queries;
    private final ChartOfAccounts chart;
    private final KafkaTemplate<String, byte[]> kafka;
    private final QueryFailures failures;
    private final Clock clock = Clock.systemUTC();

    JournalController(
            ReconciliationQueries queries,
            ChartOfAccounts chart,
            KafkaTemplate<String, byte[]> kafka,
            QueryFailures failures) {
        this.queries = queries;
        this.chart = chart;
        this.kafka = kafka;
        this.failures = failures;
    }

    @GetMapping("/journal")
    ResponseEntity<?> journal(
            @RequestParam(required = false) String period,
            @RequestParam(required = false) String account,
            @RequestParam(required = false) String format,
            @RequestHeader(value = "Accept", required = false) String accept,
            @RequestAttribute(Operator.ATTRIBUTE) Operator operator)
            throws IOException {
        if (period != null && !PERIOD.matcher(period).matches()) {
            return invalid("period is a day (2026-11-30) or a month (2026-11).");
        }
        List<JournalEntry> entries = queries.journal(period, account, operator);
        if ("csv".equals(format) || accept != null && accept.contains("text/csv")) {
            return ResponseEntity.ok()
                    .contentType(MediaType.parseMediaType("text/csv"))
                    .body(JournalCsv.write(entries));
        }
        return ResponseEntity.ok(entries);
    }

    @GetMapping(
            path = "/reconciliation/discrepancies/{discrepancyId}/bank-account/local",
            produces = "application/json")
    ResponseEntity<String> localBankAccount(
            @PathVariable String discrepancyId, @RequestAttribute(Operator.ATTRIBUTE) Operator operator) {
        String account = queries.localBankAccountOf(discrepancyId, operator);
        return account == null
                ? ResponseEntity.notFound().build()
                : ResponseEntity.ok(JsonSerde.MAPPER.writeValueAsString(account));
    }

    @GetMapping("/journal/local")
    List<JournalEntry> localJournal(
            @RequestParam(required = false) String period,
            @RequestParam(required = false) String account,
            @RequestAttribute(Operator.ATTRIBUTE) Operator operator) {
        return queries.localJournal(period, operator.within(account));
    }

    /** The entry resolving with {@code action} would post, for the operator to see before confirming. */
    @GetMapping("/reconciliation/discrepancies/{discrepancyId}/entry")
    ResponseEntity<?> preview(
            @PathVariable String discrepancyId,
            @RequestParam ResolutionAction action,
            @RequestAttribute(Operator.ATTRIBUTE) Operator operator) {
        return queries.discrepancy(discrepancyId, operator)
                .<ResponseEntity<?>>map(detail -> {
                    Discrepancy d = detail.discrepancy();
                    String source = detail.payment() != null && detail.payment().payment() != null
                            ? detail.payment().payment().source()
                            : detail.batch() != null ? detail.batch().format() : null;
                    String account = d.type().isBankLeg() ? queries.bankAccountOf(discrepancyId, operator) : null;
                    return ResponseEntity.ok(new EntryPreview(
                            discrepancyId,
                            action,
                            Journal.lines(d, action, new Journal.Subject(source, account), chart)));
                })
                .orElseGet(() -> Problems.problem(
                        HttpStatus.NOT_FOUND,
                        "unknown-discrepancy",
                        "Unknown discrepancy",
                        "No discrepancy has the id " + Money.abbreviate(discrepancyId) + "."));
    }

    /** A reversal: a new entry with the sides swapped, posted by the task that posted the original. */
    @PostMapping("/journal/{entryId}/reverse")
    ResponseEntity<?> reverse(
            @PathVariable String entryId,
            @RequestBody(required = false) ReversalRequest request,
            @RequestAttribute(Operator.ATTRIBUTE) Operator operator)
            throws InterruptedException {
        // Another account's entry is unknown to this operator.
        JournalEntry original = queries.journal(null, operator).stream()
                .filter(e -> e.entryId().equals(entryId))
                .findFirst()
                .orElse(null);
        if (original == null) {
            return Problems.problem(
                    HttpStatus.NOT_FOUND,
                    "unknown-entry",
                    "Unknown journal entry",
                    "No journal entry has the id " + Money.abbreviate(entryId) + ".");
        }
        String note = request == null ? null : request.note();
        JournalReversal reversal;
        try {
            reversal = new JournalReversal(entryId, note, operator.name(), clock.instant());
        } catch (IllegalArgumentException e) {
            return invalid(e.getMessage());
        }
        int partition =
                Integer.parseInt(original.chain().substring(original.chain().lastIndexOf('-') + 1));
        try {
            kafka.send(Topics.DISCREPANCY_RESOLUTIONS, partition, "reversal:" + entryId, REVERSALS.toBytes(reversal))
                    .get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return notStored("The reversal was not stored; retry later.");
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(reversal);
    }

    /**
     * Recomputes every chain: the journal's (per reconciler partition) and the closed periods' statements'
     * (per account, provider and currency): how many entries and statements there are, and the first break if any.
     */
    @GetMapping("/reconciliation/audit/verify")
    ResponseEntity<?> verify(@RequestAttribute(Operator.ATTRIBUTE) Operator operator) {
        if (operator.isScoped()) {
            return everyAccountOnly("Verifying the trail reads every account's entries");
        }
        JournalChain.Verification journal = JournalChain.verify(queries.journal(null, operator));
        List<dev.payhook.common.PeriodStatement> statements = new java.util.ArrayList<>();
        queries.periods(operator, null).statements().values().forEach(statements::addAll);
        JournalChain.Break statementBreak = JournalChain.verifyStatements(statements);
        Map<String, Object> answer = new java.util.LinkedHashMap<>();
        answer.put("intact", journal.intact() && statementBreak == null);
        answer.put("journal", journal.entries());
        answer.put("statements", statements.size());
        answer.put("firstBreak", journal.firstBreak() != null ? journal.firstBreak() : statementBreak);
        return ResponseEntity.ok(answer);
    }

    /** An operator's order the broker did not take: 503, to be sent again. */
    static ResponseEntity<ProblemDetail> notStored(String detail) {
        return Problems.problem(
                HttpStatus.SERVICE_UNAVAILABLE, "broker-unavailable", "Event store unavailable", detail);
    }

    /**
     * What only an operator of every account may do (the chains and closed periods span all accounts): a
     * 403 for one limited to accounts, which learns nothing of the others from it.
     */
    static ResponseEntity<ProblemDetail> everyAccountOnly(String what) {
        return Problems.problem(
                HttpStatus.FORBIDDEN,
                "every-account-only",
                "Only an operator of every account",
                what + ": only an operator of every merchant account may.");
    }

    private static ResponseEntity<ProblemDetail> invalid(String detail) {
        return Problems.problem(HttpStatus.BAD_REQUEST, "invalid-query", "Invalid query", detail);
    }

    @ExceptionHandler({InvalidStateStoreException.class, IllegalStateException.class, PeerUnavailableException.class})
    ResponseEntity<ProblemDetail> failed(RuntimeException failure) {
        return failures.answer(failure, "Reconciliation state");
    }
}
