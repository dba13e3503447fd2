package dev.payhook.reconciler.report;

import dev.payhook.common.Discrepancy;
import dev.payhook.common.DiscrepancyStatus;
import dev.payhook.common.DiscrepancyType;
import dev.payhook.reconciler.ReconcilerProperties;
import dev.payhook.reconciler.stream.DiscrepancyIndex;
import dev.payhook.web.Problems;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
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

    ReconciliationController(ReconciliationQueries queries, ReconcilerProperties properties) {
        this.queries = queries;
        this.properties = properties;
    }

    @GetMapping(path = "/reconciliation/discrepancies", produces = MediaType.APPLICATION_JSON_VALUE)
    List<Discrepancy> discrepancies(
            @RequestParam Optional<DiscrepancyStatus> status,
            @RequestParam Optional<DiscrepancyType> type,
            @RequestParam Optional<String> paymentId) {
        return queries.everywhere().discrepancies().stream()
                .filter(d -> status.map(s -> s == d.status()).orElse(true))
                .filter(d -> type.map(t -> t == d.type()).orElse(true))
                .filter(d -> paymentId.map(p -> p.equals(d.paymentId())).orElse(true))
                .sorted(Comparator.comparing(Discrepancy::detectedAt).thenComparing(Discrepancy::discrepancyId))
                .toList();
    }

    @GetMapping(path = "/reconciliation/discrepancies", produces = "text/csv")
    ResponseEntity<String> discrepanciesAsCsv(
            @RequestParam Optional<DiscrepancyStatus> status,
            @RequestParam Optional<DiscrepancyType> type,
            @RequestParam Optional<String> paymentId)
            throws IOException {
        return ResponseEntity.ok()
                .contentType(TEXT_CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"discrepancies.csv\"")
                .body(DiscrepancyCsv.write(discrepancies(status, type, paymentId)));
    }

    /** The most a page holds: an answer of bounded size, whatever the filter. */
    static final int MAX_PAGE = 500;

    /**
     * A page of discrepancies, newest first unless {@code order=oldest}, read from an index: as fast
     * with a million discrepancies as with ten. Pass {@code next} back as {@code after} for the next.
     */
    @GetMapping(path = "/reconciliation/discrepancies/page", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> page(
            @RequestParam Optional<DiscrepancyStatus> status,
            @RequestParam Optional<DiscrepancyType> type,
            @RequestParam Optional<String> after,
            @RequestParam(defaultValue = "newest") String order,
            @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            return invalid("limit is between 1 and " + MAX_PAGE + ".");
        }
        if (!order.equals("newest") && !order.equals("oldest")) {
            return invalid("order is newest or oldest.");
        }
        if (after.isPresent() && !DiscrepancyIndex.CURSOR.matcher(after.get()).matches()) {
            return invalid("after is the next cursor of an earlier page.");
        }
        return ResponseEntity.ok(queries.page(
                status.orElse(null), type.orElse(null), after.orElse(null), order.equals("newest"), limit));
    }

    /** This instance's part of a page; what other instances ask for. */
    @GetMapping("/reconciliation/discrepancies/page/local")
    List<Discrepancy> localPage(
            @RequestParam Optional<DiscrepancyStatus> status,
            @RequestParam Optional<DiscrepancyType> type,
            @RequestParam Optional<String> after,
            @RequestParam(defaultValue = "newest") String order,
            @RequestParam(defaultValue = "50") int limit) {
        return queries.localPage(
                status.orElse(null),
                type.orElse(null),
                after.filter(a -> DiscrepancyIndex.CURSOR.matcher(a).matches()).orElse(null),
                order.equals("newest"),
                Math.min(Math.max(limit, 1), MAX_PAGE));
    }

    private static ResponseEntity<?> invalid(String detail) {
        return Problems.problem(HttpStatus.BAD_REQUEST, "invalid-query", "Invalid query", detail);
    }

    @GetMapping("/reconciliation/summary")
    ReconciliationSummary summary() {
        LocalReconciliation all = queries.everywhere();
        return ReconciliationSummary.of(
                all.discrepancies(), all.totals(), all.batches().size(), Instant.now(), properties.settlementDelay());
    }

    /** This instance's share; what other instances ask for when they answer the two above. */
    @GetMapping("/reconciliation/local")
    LocalReconciliation local() {
        return queries.local();
    }

    /** Rebalancing or restoring: the answer exists, just not here yet. */
    @ExceptionHandler({InvalidStateStoreException.class, IllegalStateException.class})
    ResponseEntity<ProblemDetail> unavailable() {
        return Problems.stateUnavailable("Reconciliation state");
    }
}
