package dev.payhook.reconciler.report;

import dev.payhook.common.Discrepancy;
import dev.payhook.common.DiscrepancyStatus;
import dev.payhook.common.DiscrepancyType;
import dev.payhook.reconciler.ReconcilerProperties;
import dev.payhook.web.Problems;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.springframework.http.HttpHeaders;
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
