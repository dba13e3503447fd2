package dev.payhook.common;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;

/**
 * A reconciliation break on {@code payhook.discrepancies} (compacted, key = discrepancyId): one flat
 * JSON object, composed here of what was found, the evidence and the resolution, each unwrapped
 * ({@code PublishedShapesTest} keeps the shape byte for byte). Each field also reads by its published
 * name ({@link #expected()}, {@link #amount()}…).
 *
 * @param discrepancyId stable: derived from the type, the payment and the evidence's reference, so
 *                      the same input gives the same id and a replay creates no new one
 * @param account       the merchant account it belongs to: its payment's (or, without a payment state, its
 *                      settlement line's); for a break of a batch or of the bank leg, the batch's one account;
 *                      null when none is known (then only operators of every account see it)
 * @param finding       what payhook's payment state says ({@code expected}, in words and minor units)
 *                      and what the settlement report says ({@code actual})
 * @param detectedAt    when it was first found (the time of the record that revealed it)
 * @param evidence      the batch and settlement line that show it, and the money at stake
 * @param resolved      how it was resolved, while it is; every field null while open
 */
public record Discrepancy(
        String discrepancyId,
        DiscrepancyType type,
        String paymentId,
        String account,
        @JsonUnwrapped Finding finding,
        DiscrepancyStatus status,
        Instant detectedAt,
        @JsonUnwrapped Evidence evidence,
        @JsonUnwrapped Resolution resolved) {

    public static final String BY_EVIDENCE = "evidence";
    public static final String BY_OPERATOR = "operator";

    /** What was expected, and what the evidence says instead. */
    public record Finding(String expected, String actual) {}

    /**
     * @param reference the settlement line's reference, when one line is the evidence
     * @param amount    the money at stake in minor units of {@code currency}, when known
     */
    public record Evidence(String batchId, String reference, Long amount, String currency) {}

    /**
     * @param resolvedAt when it was resolved, by later evidence or by an operator
     * @param resolution why it is resolved: the evidence that cleared it, or the operator's note
     * @param resolvedBy {@link #BY_EVIDENCE} or {@link #BY_OPERATOR}
     * @param operator   the name of the operator who resolved it: the name their token is configured
     *                   under, never one a request claimed
     */
    public record Resolution(Instant resolvedAt, String resolution, String resolvedBy, String operator) {

        public static final Resolution NONE = new Resolution(null, null, null, null);
    }

    public Discrepancy {
        finding = finding == null ? new Finding(null, null) : finding;
        evidence = evidence == null ? new Evidence(null, null, null, null) : evidence;
        resolved = resolved == null ? Resolution.NONE : resolved;
    }

    /** The same break, now resolved this way. */
    public Discrepancy resolvedAs(DiscrepancyStatus status, Resolution resolution) {
        return new Discrepancy(
                discrepancyId, type, paymentId, account, finding, status, detectedAt, evidence, resolution);
    }

    @JsonIgnore
    public boolean isOpen() {
        return status == DiscrepancyStatus.OPEN;
    }

    public String expected() {
        return finding.expected();
    }

    public String actual() {
        return finding.actual();
    }

    public String batchId() {
        return evidence.batchId();
    }

    public String reference() {
        return evidence.reference();
    }

    public Long amount() {
        return evidence.amount();
    }

    public String currency() {
        return evidence.currency();
    }

    public Instant resolvedAt() {
        return resolved.resolvedAt();
    }

    public String resolution() {
        return resolved.resolution();
    }

    public String resolvedBy() {
        return resolved.resolvedBy();
    }

    public String operator() {
        return resolved.operator();
    }
}
