package dev.payhook.reconciler.report;

import dev.payhook.common.Discrepancy;
import dev.payhook.common.DiscrepancyResolution;
import dev.payhook.common.DiscrepancyStatus;
import dev.payhook.common.DiscrepancyType;
import dev.payhook.common.JsonSerde;
import dev.payhook.common.Money;
import dev.payhook.common.Topics;
import dev.payhook.operators.Operator;
import dev.payhook.reconciler.ReconcilerProperties;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.springframework.http.HttpHeaders;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /reconciliation}: the discrepancies (JSON, or CSV for finance teams), the summary, and
 * an operator's manual resolution.
 */
@RestController
class ReconciliationController {

    static final MediaType TEXT_CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);
    private static final JsonSerde<DiscrepancyResolution> RESOLUTIONS = JsonSerde.of(DiscrepancyResolution.class);

    /** The body of a manual resolution. Who resolved it comes from the token, never from here. */
    record ResolutionRequest(String note) {}

    private final ReconciliationQueries queries;
    private final ReconcilerProperties properties;
    private final KafkaTemplate<String, byte[]> kafka;

    ReconciliationController(
            ReconciliationQueries queries, ReconcilerProperties properties, KafkaTemplate<String, byte[]> kafka) {
        this.queries = queries;
        this.properties = properties;
        this.kafka = kafka;
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

    /**
     * An operator closes a discrepancy that needs no action (written off, settled outside the
     * report…). Only an operator's token reaches this (OperatorAuthenticationFilter), and the
     * resolution records that operator's name, whatever the body says. The resolution goes through
     * the reconciler's stream, so it is applied in order with the evidence and survives replays;
     * answered 202 once the broker has it.
     */
    @PostMapping("/reconciliation/discrepancies/{discrepancyId}/resolve")
    ResponseEntity<?> resolve(
            @PathVariable String discrepancyId,
            @RequestBody(required = false) ResolutionRequest request,
            @RequestAttribute(Operator.ATTRIBUTE) Operator operator)
            throws InterruptedException {
        if (request == null || request.note() == null || request.note().isBlank()) {
            return problem(
                    HttpStatus.BAD_REQUEST,
                    "note-required",
                    "A note is required",
                    "Say why the discrepancy needs no further action: {\"note\": \"…\"}.");
        }
        if (request.note().strip().length() > DiscrepancyResolution.MAX_NOTE_LENGTH) {
            return problem(
                    HttpStatus.BAD_REQUEST,
                    "note-too-long",
                    "The note is too long",
                    "Notes are at most " + DiscrepancyResolution.MAX_NOTE_LENGTH + " characters; this one has "
                            + request.note().strip().length() + ".");
        }
        Optional<Discrepancy> found = queries.everywhere().discrepancies().stream()
                .filter(d -> d.discrepancyId().equals(discrepancyId))
                .findFirst();
        if (found.isEmpty()) {
            return problem(
                    HttpStatus.NOT_FOUND,
                    "unknown-discrepancy",
                    "Unknown discrepancy",
                    "No discrepancy has the id '" + Money.abbreviate(discrepancyId) + "'.");
        }
        if (!found.get().isOpen()) {
            return problem(
                    HttpStatus.CONFLICT,
                    "already-resolved",
                    "Discrepancy already resolved",
                    "Discrepancy " + discrepancyId + " was resolved at "
                            + found.get().resolvedAt() + ": " + found.get().resolution());
        }
        DiscrepancyResolution resolution = new DiscrepancyResolution(
                discrepancyId, found.get().paymentId(), request.note().strip(), operator.name(), Instant.now());
        try {
            kafka.send(Topics.DISCREPANCY_RESOLUTIONS, resolution.paymentId(), RESOLUTIONS.toBytes(resolution))
                    .get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | org.springframework.kafka.KafkaException e) {
            return problem(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "broker-unavailable",
                    "Event store unavailable",
                    "The resolution was not stored; retry later.");
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(resolution);
    }

    /** Rebalancing or restoring: the answer exists, just not here yet. */
    @ExceptionHandler({InvalidStateStoreException.class, IllegalStateException.class})
    ResponseEntity<ProblemDetail> unavailable() {
        ResponseEntity<ProblemDetail> response = problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "state-unavailable",
                "Reconciliation state is being rebalanced",
                "Retry shortly.");
        return ResponseEntity.status(response.getStatusCode())
                .headers(response.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(response.getBody());
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(URI.create("urn:payhook:problem:" + type));
        body.setTitle(title);
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(body);
    }
}
