package dev.payhook.common;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/**
 * A reconciliation break on {@code payhook.discrepancies} (compacted, key = discrepancyId).
 *
 * @param discrepancyId stable: derived from the type, the payment and the evidence's reference, so
 *                      the same input gives the same id and a replay creates no new one
 * @param expected      what payhook's payment state says, in words and minor units
 * @param actual        what the settlement report says
 * @param reference     the settlement line's reference, when one line is the evidence
 * @param amount        the money at stake in minor units of {@link #currency()}, when known
 * @param detectedAt    when it was first found (the time of the record that revealed it)
 * @param resolvedAt    when it was resolved, by later evidence or by an operator
 * @param resolution    why it is resolved: the evidence that cleared it, or the operator's note
 * @param resolvedBy    {@code evidence} or {@code operator}
 * @param operator      the name of the operator who resolved it: the name their token is configured
 *                      under, never one a request claimed
 */
public record Discrepancy(
        String discrepancyId,
        DiscrepancyType type,
        String paymentId,
        String expected,
        String actual,
        DiscrepancyStatus status,
        Instant detectedAt,
        String batchId,
        String reference,
        Long amount,
        String currency,
        Instant resolvedAt,
        String resolution,
        String resolvedBy,
        String operator) {

    public static final String BY_EVIDENCE = "evidence";
    public static final String BY_OPERATOR = "operator";

    @JsonIgnore
    public boolean isOpen() {
        return status == DiscrepancyStatus.OPEN;
    }
}
