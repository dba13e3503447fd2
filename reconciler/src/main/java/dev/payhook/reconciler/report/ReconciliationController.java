package dev.payhook.reconciler.report;

import dev.payhook.common.Discrepancy;
import dev.payhook.common.DiscrepancyStatus;
import dev.payhook.common.DiscrepancyType;
import dev.payhook.common.Money;
import dev.payhook.common.api.DiscrepancyPage;
import dev.payhook.common.api.ReconcilerApi;
import dev.payhook.reconciler.BankProperties;
import dev.payhook.reconciler.ReconcilerProperties;
import dev.payhook.reconciler.matching.BankAccount;
import dev.payhook.reconciler.stream.DiscrepancyFilter;
import dev.payhook.reconciler.stream.DiscrepancyIndex;
import dev.payhook.reconciler.stream.PaymentReconciliation;
import dev.payhook.streams.PeerUnavailableException;
import dev.payhook.streams.QueryFailures;
import dev.payhook.web.Problems;
import dev.payhook.web.operators.Operator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /reconciliation}: the discrepancies (JSON, or CSV for finance teams) and the summary. An
 * operator's manual resolution is {@code resolution.ResolutionController}'s.
 */
@RestController
class ReconciliationController {

    static final MediaType TEXT_CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);
    private final ReconciliationQueries queries;
    private final ReconcilerProperties properties;
    private final BankProperties bank;

    private final QueryFailures failures;

    ReconciliationController(
            ReconciliationQueries queries,
            ReconcilerProperties properties,
            BankProperties bank,
            QueryFailures failures) {
        this.queries = queries;
        this.properties = properties;
        this.bank = bank;
        this.failures = failures;
    }

    /**
     * Every discrepancy the filter admits, oldest first, read page by page from the index (or from
     * the payment, with {@code paymentId}). For a large set, the paged listing below.
     */
    @GetMapping(path = "/reconciliation/discrepancies", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> discrepancies(
            @RequestParam Optional<DiscrepancyStatus> status,
            @RequestParam Optional<DiscrepancyType> type,
            @RequestParam Optional<String> currency,
            @RequestParam Optional<Instant> detectedFrom,
            @RequestParam Optional<Instant> detectedUntil,
            @RequestParam Optional<String> paymentId,
            @RequestParam Optional<List<String>> account,
            @RequestAttribute(Operator.ATTRIBUTE) Operator operator) {
        DiscrepancyFilter filter = filter(status, type, currency, detectedFrom, detectedUntil, account, operator);
        return ResponseEntity.ok(matching(filter, paymentId, operator));
    }

    @GetMapping(path = "/reconciliation/discrepancies", produces = "text/csv")
    ResponseEntity<?> discrepanciesAsCsv(
            @RequestParam Optional<DiscrepancyStatus> status,
            @RequestParam Optional<DiscrepancyType> type,
            @RequestParam Optional<String> currency,
            @RequestParam Optional<Instant> detectedFrom,
            @RequestParam Optional<Instant> detectedUntil,
            @RequestParam Optional<String> paymentId,
            @RequestParam Optional<List<String>> account,
            @RequestAttribute(Operator.ATTRIBUTE) Operator operator)
            throws IOException {
        DiscrepancyFilter filter = filter(status, type, currency, detectedFrom, detectedUntil, account, operator);
        return ResponseEntity.ok()
                .contentType(TEXT_CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"discrepancies.csv\"")
                .body(DiscrepancyCsv.write(matching(filter, paymentId, operator)));
    }

    private List<Discrepancy> matching(DiscrepancyFilter filter, Optional<String> paymentId, Operator operator) {
        if (paymentId.isPresent()) {
            return ofPayment(filter, paymentId.get(), false, operator);
        }
        if (filter.accounts() != null && filter.accounts().isEmpty()) {
            return List.of(); // none of the accounts asked for is this operator's
        }
        List<Discrepancy> all = new ArrayList<>();
        String after = null;
        do {
            DiscrepancyPage page = queries.page(filter, after, false, MAX_PAGE);
            all.addAll(page.items());
            after = page.next();
        } while (after != null);
        return all;
    }

    /** One payment's discrepancies: it holds them all, so no index is needed. */
    private List<Discrepancy> ofPayment(
            DiscrepancyFilter filter, String paymentId, boolean newestFirst, Operator operator) {
        Comparator<String> order = newestFirst ? Comparator.reverseOrder() : Comparator.naturalOrder();
        return queries.payment(paymentId, operator)
                .map(p -> p.discrepancies().values().stream()
                        .filter(filter::admits)
                        .sorted(Comparator.comparing(DiscrepancyIndex::cursor, order))
                        .toList())
                .orElse(List.of());
    }

    /** The most a page holds: an answer of bounded size, whatever the filter. */
    static final int MAX_PAGE = 500;

    /**
     * A page of discrepancies, newest first unless {@code order=oldest}, read from an index: as fast
     * with a million discrepancies as with ten. Pass {@code next} back as {@code after} for the next.
     */
    @GetMapping(path = ReconcilerApi.DISCREPANCY_PAGE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> page(
            @RequestParam Optional<DiscrepancyStatus> status,
            @RequestParam Optional<DiscrepancyType> type,
            @RequestParam Optional<String> currency,
            @RequestParam Optional<Instant> detectedFrom,
            @RequestParam Optional<Instant> detectedUntil,
            @RequestParam Optional<String> paymentId,
            @RequestParam Optional<String> after,
            @RequestParam(defaultValue = "newest") String order,
            @RequestParam(defaultValue = "50") int limit,
            @RequestParam Optional<List<String>> account,
            @RequestAttribute(Operator.ATTRIBUTE) Operator operator) {
        if (limit < 1 || limit > MAX_PAGE) {
            return invalid("limit is between 1 and " + MAX_PAGE + ".");
        }
        if (!order.equals("newest") && !order.equals("oldest")) {
            return invalid("order is newest or oldest.");
        }
        if (after.isPresent() && !DiscrepancyIndex.CURSOR.matcher(after.get()).matches()) {
            return invalid("after is the next cursor of an earlier page.");
        }
        DiscrepancyFilter filter = filter(status, type, currency, detectedFrom, detectedUntil, account, operator);
        boolean newestFirst = order.equals("newest");
        if (paymentId.isPresent()) {
            return ResponseEntity.ok(DiscrepancyPages.of(
                    ofPayment(filter, paymentId.get(), newestFirst, operator), after.orElse(null), newestFirst, limit));
        }
        if (filter.accounts() != null && filter.accounts().isEmpty()) {
            return ResponseEntity.ok(DiscrepancyPages.of(List.of(), null, newestFirst, limit));
        }
        return ResponseEntity.ok(queries.page(filter, after.orElse(null), newestFirst, limit));
    }

    /** This instance's part of a page; what other instances ask for. */
    @GetMapping("/reconciliation/discrepancies/page/local")
    List<Discrepancy> localPage(
            @RequestParam Optional<DiscrepancyStatus> status,
            @RequestParam Optional<DiscrepancyType> type,
            @RequestParam Optional<String> currency,
            @RequestParam Optional<Instant> detectedFrom,
            @RequestParam Optional<Instant> detectedUntil,
            @RequestParam Optional<String> after,
            @RequestParam(defaultValue = "newest") String order,
            @RequestParam(defaultValue = "50") int limit,
            @RequestParam Optional<List<String>> account,
            @RequestAttribute(Operator.ATTRIBUTE) Operator operator) {
        return queries.localPage(
                filter(status, type, currency, detectedFrom, detectedUntil, account, operator),
                after.filter(a -> DiscrepancyIndex.CURSOR.matcher(a).matches()).orElse(null),
                order.equals("newest"),
                Math.min(Math.max(limit, 1), MAX_PAGE));
    }

    /** A discrepancy with its evidence (the payment, its settlement lines, the batch) and its history. */
    @GetMapping("/reconciliation/discrepancies/{discrepancyId}")
    ResponseEntity<?> discrepancy(
            @PathVariable String discrepancyId, @RequestAttribute(Operator.ATTRIBUTE) Operator operator) {
        return queries.discrepancy(discrepancyId, operator)
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() ->
                        unknown("discrepancy", "No discrepancy has the id " + Money.abbreviate(discrepancyId) + "."));
    }

    @GetMapping("/reconciliation/discrepancies/{discrepancyId}/local")
    ResponseEntity<?> localDiscrepancy(
            @PathVariable String discrepancyId, @RequestAttribute(Operator.ATTRIBUTE) Operator operator) {
        return queries.localDiscrepancy(discrepancyId, operator)
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> unknown("discrepancy", "Not held here."));
    }

    /**
     * What the reconciler holds for a payment: its state as last seen, its settlement lines, which
     * of them matched, its discrepancies.
     */
    @GetMapping("/reconciliation/payments/{paymentId}")
    ResponseEntity<?> payment(@PathVariable String paymentId, @RequestAttribute(Operator.ATTRIBUTE) Operator operator) {
        return queries.payment(paymentId, operator)
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> unknown(
                        "payment",
                        "The reconciler has no webhook and no settlement line for payment "
                                + Money.abbreviate(paymentId) + "."));
    }

    @GetMapping("/reconciliation/payments/{paymentId}/local")
    ResponseEntity<?> localPayment(
            @PathVariable String paymentId, @RequestAttribute(Operator.ATTRIBUTE) Operator operator) {
        PaymentReconciliation payment = queries.localPayment(paymentId, operator);
        return payment != null ? ResponseEntity.ok(payment) : unknown("payment", "Not held here.");
    }

    /**
     * The query's filter, within the operator's accounts; one that cannot be (a malformed currency, an
     * empty window) is a 400.
     */
    private static DiscrepancyFilter filter(
            Optional<DiscrepancyStatus> status,
            Optional<DiscrepancyType> type,
            Optional<String> currency,
            Optional<Instant> detectedFrom,
            Optional<Instant> detectedUntil,
            Optional<List<String>> account,
            Operator operator) {
        try {
            return new DiscrepancyFilter(
                    status.orElse(null),
                    type.orElse(null),
                    currency.filter(c -> !c.isBlank())
                            .map(c -> c.toUpperCase(Locale.ROOT))
                            .orElse(null),
                    detectedFrom.orElse(null),
                    detectedUntil.orElse(null),
                    operator.narrow(account.orElse(List.of()).stream()
                            .filter(a -> !a.isBlank())
                            .toList()));
        } catch (IllegalArgumentException e) {
            throw new InvalidQuery(e.getMessage());
        }
    }

    /** A query the client got wrong: answered 400 {@code invalid-query}, whatever endpoint it reached. */
    private static final class InvalidQuery extends RuntimeException {
        InvalidQuery(String detail) {
            super(detail);
        }
    }

    @ExceptionHandler(InvalidQuery.class)
    ResponseEntity<?> invalidQuery(InvalidQuery e) {
        return invalid(e.getMessage());
    }

    private static ResponseEntity<?> unknown(String what, String detail) {
        return Problems.problem(HttpStatus.NOT_FOUND, "unknown-" + what, "Unknown " + what, detail);
    }

    private static ResponseEntity<?> invalid(String detail) {
        return Problems.problem(HttpStatus.BAD_REQUEST, "invalid-query", "Invalid query", detail);
    }

    /** The settlement batches received, newest first, each with the rows it rejected. */
    @GetMapping("/reconciliation/batches")
    ResponseEntity<?> batches(
            @RequestParam(defaultValue = "50") int limit,
            @RequestParam(required = false) String account,
            @RequestAttribute(Operator.ATTRIBUTE) Operator operator) {
        if (limit < 1 || limit > 500) {
            return invalid("limit must be between 1 and 500.");
        }
        return ResponseEntity.ok(queries.batches(limit, operator.within(account)));
    }

    /**
     * What the collector has collected, source by source, and when each source's next report is due. A
     * source is the platform's, not one merchant account's: an operator limited to accounts gets none.
     */
    @GetMapping("/reconciliation/collections")
    List<CollectionStatus> collections(@RequestAttribute(Operator.ATTRIBUTE) Operator operator) {
        return operator.isScoped() ? List.of() : queries.collections();
    }

    /**
     * The bank leg: each bank account (matched, pending, broken; how far its statements reach) and its
     * payouts, newest first, each with the credit that paid it or how late it is.
     */
    @GetMapping("/reconciliation/payouts")
    ResponseEntity<?> payouts(
            @RequestParam(required = false) String account,
            @RequestParam(required = false) String status,
            @RequestParam(defaultValue = "200") int limit,
            @RequestAttribute(Operator.ATTRIBUTE) Operator operator) {
        if (limit < 1 || limit > 1000) {
            return invalid("limit must be between 1 and 1000.");
        }
        BankReconciliation.Status wanted = null;
        if (status != null) {
            try {
                wanted = BankReconciliation.Status.valueOf(status);
            } catch (IllegalArgumentException e) {
                return invalid(
                        "status must be one of " + java.util.Arrays.toString(BankReconciliation.Status.values()) + ".");
            }
        }
        return ResponseEntity.ok(queries.bank(
                visible(bank.accounts(), operator),
                account == null ? null : BankAccount.normalize(account),
                wanted,
                limit,
                operator));
    }

    /**
     * The bank accounts an operator may see: for one limited to merchant accounts, those configured to take
     * only its accounts' payouts.
     */
    static java.util.Map<String, BankAccount> visible(
            java.util.Map<String, BankAccount> configured, Operator operator) {
        java.util.Map<String, BankAccount> visible = new java.util.TreeMap<>();
        configured.forEach((name, account) -> {
            if (operator.seesAll(account.merchantAccounts())) {
                visible.put(name, account);
            }
        });
        return operator.isScoped() ? visible : configured;
    }

    @GetMapping("/reconciliation/payouts/local")
    ResponseEntity<?> localPayouts(
            @RequestParam(required = false) String account,
            @RequestParam(required = false) BankReconciliation.Status status,
            @RequestParam(defaultValue = "200") int limit,
            @RequestAttribute(Operator.ATTRIBUTE) Operator operator) {
        return queries.localBank(visible(bank.accounts(), operator), account, status, limit, operator)
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    @GetMapping("/reconciliation/batches/{batchId}")
    ResponseEntity<?> batch(@PathVariable String batchId, @RequestAttribute(Operator.ATTRIBUTE) Operator operator) {
        return queries.batch(batchId, operator)
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> unknown("batch", "No settlement batch has the id " + Money.abbreviate(batchId) + "."));
    }

    @GetMapping("/reconciliation/summary")
    ReconciliationSummary summary(
            @RequestParam(required = false) String account, @RequestAttribute(Operator.ATTRIBUTE) Operator operator) {
        LocalReconciliation all = queries.everywhere(operator.within(account), account);
        return ReconciliationSummary.of(
                all.counts(), all.totals(), all.batches().size(), Instant.now(), properties.settlementDelay());
    }

    /** This instance's share; what other instances ask for when they answer the two above. */
    @GetMapping("/reconciliation/local")
    LocalReconciliation local(
            @RequestParam(required = false) String account, @RequestAttribute(Operator.ATTRIBUTE) Operator operator) {
        return queries.local(operator.within(account));
    }

    /**
     * Rebalancing, restoring, a peer not answering: 503, retry. An IllegalStateException while the
     * streams run is a bug: a 500 with an error id.
     */
    @ExceptionHandler({InvalidStateStoreException.class, IllegalStateException.class, PeerUnavailableException.class})
    ResponseEntity<ProblemDetail> failed(RuntimeException failure) {
        return failures.answer(failure, "Reconciliation state");
    }
}
