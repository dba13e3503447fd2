package dev.payhook.reconciler.resolution;

import dev.payhook.common.Discrepancy;
import dev.payhook.common.DiscrepancyResolution;
import dev.payhook.common.JsonSerde;
import dev.payhook.common.Money;
import dev.payhook.common.ResolutionAction;
import dev.payhook.common.Topics;
import dev.payhook.reconciler.report.DiscrepancyDetail;
import dev.payhook.reconciler.report.ReconciliationQueries;
import dev.payhook.web.operators.Operator;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;

/**
 * An operator closes a discrepancy that needs no action (written off, settled outside the report…).
 * The resolution goes through the reconciler's stream, so it is applied in order with the evidence
 * and survives replays; it is accepted once the broker has it.
 */
@Service
class DiscrepancyResolver {

    private static final JsonSerde<DiscrepancyResolution> RESOLUTIONS = JsonSerde.of(DiscrepancyResolution.class);

    /** Why a resolution was not accepted, as the problem the operator is answered with. */
    static final class Refused extends RuntimeException {
        final HttpStatus status;
        final String type;
        final String title;

        Refused(HttpStatus status, String type, String title, String detail) {
            super(detail, null, false, false);
            this.status = status;
            this.type = type;
            this.title = title;
        }
    }

    private final ReconciliationQueries queries;
    private final KafkaTemplate<String, byte[]> kafka;
    private final Clock clock;

    DiscrepancyResolver(ReconciliationQueries queries, KafkaTemplate<String, byte[]> kafka) {
        this.queries = queries;
        this.kafka = kafka;
        this.clock = Clock.systemUTC();
    }

    /**
     * @param operator who resolves it: the name their token is configured under, never one a request claims
     * @throws Refused without a note, for an unknown or already resolved discrepancy, or when the
     *     broker does not take the resolution
     */
    DiscrepancyResolution resolve(String discrepancyId, String note, ResolutionAction action, Operator operator)
            throws InterruptedException {
        if (note == null || note.isBlank()) {
            throw new Refused(
                    HttpStatus.BAD_REQUEST,
                    "note-required",
                    "A note is required",
                    "Say why the discrepancy needs no further action: {\"note\": \"…\"}.");
        }
        String stripped = note.strip();
        if (stripped.length() > DiscrepancyResolution.MAX_NOTE_LENGTH) {
            throw new Refused(
                    HttpStatus.BAD_REQUEST,
                    "note-too-long",
                    "The note is too long",
                    "Notes are at most " + DiscrepancyResolution.MAX_NOTE_LENGTH + " characters; this one has "
                            + stripped.length() + ".");
        }
        // Another account's discrepancy is refused exactly as an unknown one.
        Discrepancy discrepancy = queries.discrepancy(discrepancyId, operator)
                .map(DiscrepancyDetail::discrepancy)
                .orElseThrow(() -> new Refused(
                        HttpStatus.NOT_FOUND,
                        "unknown-discrepancy",
                        "Unknown discrepancy",
                        "No discrepancy has the id " + Money.abbreviate(discrepancyId) + "."));
        if (!discrepancy.isOpen()) {
            throw new Refused(
                    HttpStatus.CONFLICT,
                    "already-resolved",
                    "Discrepancy already resolved",
                    "Discrepancy " + discrepancyId + " was resolved at " + discrepancy.resolvedAt() + ": "
                            + discrepancy.resolution());
        }
        DiscrepancyResolution resolution = new DiscrepancyResolution(
                discrepancyId, discrepancy.paymentId(), stripped, operator.name(), clock.instant(), action);
        try {
            (resolution.paymentId() != null
                            ? kafka.send(
                                    Topics.DISCREPANCY_RESOLUTIONS,
                                    resolution.paymentId(),
                                    RESOLUTIONS.toBytes(resolution))
                            : kafka.send(
                                    Topics.DISCREPANCY_RESOLUTIONS,
                                    Topics.BATCH_BREAKS_PARTITION,
                                    (discrepancy.type().isBankLeg() ? "bank:" : "batch:") + discrepancy.batchId(),
                                    RESOLUTIONS.toBytes(resolution)))
                    .get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            throw new Refused(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "broker-unavailable",
                    "Event store unavailable",
                    "The resolution was not stored; retry later.");
        }
        return resolution;
    }
}
