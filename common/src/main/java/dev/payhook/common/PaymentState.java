package dev.payhook.common;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A payment as payhook sees it, on {@code payhook.payments} (compacted, key = paymentId, one
 * snapshot after every change) and at {@code GET /payments/{paymentId}}. The processor derives it
 * from the facts it folds in its store; the published shape is documented in docs/DESIGN.md
 * ("Payment state") and carries no internal marker.
 *
 * <p>Every collection is bounded by the processor's per-payment limits, so a snapshot never grows
 * past what one Kafka record can carry, whatever one payment id receives.
 *
 * @param currency        the payment's currency (the first, if events disagreed: see {@link #anomalies()})
 * @param amount          the payment's amount (minor units) as created or authorized (or captured, when
 *                        no event said more)
 * @param authorizedAmount what the authorization held, null if no authorization said an amount
 * @param capturedAmount  the captured amount (minor units): the sum of its captures, 0 until captured
 * @param uncapturedAmount what was authorized and not captured: the remainder of a partial capture
 * @param captures        capture id → its amount and time, for providers that name their captures (Adyen,
 *                        Stripe charges)
 * @param refundedAmount  the sum of {@link #refunds()} that were not reversed
 * @param refunds         refund id → refunded amount (minor units), every refund that moved money, reversed
 *                        ones too; a refund reported without an amount refunds what was refundable (the
 *                        capture, else the amount); a charge's refunded total that no named refund
 *                        explains (Stripe's {@code charge.refunded}) is listed under the charge's id
 * @param reversedRefunds the ids in {@link #refunds()} whose money came back: the bank returned the
 *                        refund, or it failed after succeeding
 * @param disputes        dispute id → what the merchant holds at its furthest stage (OPEN, WON, LOST)
 * @param disputeStages   dispute id → its furthest known stage
 * @param failedCaptures  ids of captures the provider reported failed after reporting them (Adyen
 *                        {@code CAPTURE_FAILED}): no money moved for them, an anomaly until resolved
 * @param anomalies       what does not add up, in words, each starting with its code
 * @param appliedEventIds {@code source:eventId} of every event applied, exactly once each
 * @param deliveries      how its applied events reached payhook ({@code push}, {@code poll},
 *                        {@code requeue}) → how many; {@code poll} events came only through the recovery job
 * @param limitsReached   which per-payment limits ({@code events}, {@code refunds}, {@code disputes})
 *                        were reached: events beyond them were dead-lettered, and it is an anomaly
 * @param capturedAt      when the capture happened (the earliest capture event), null if never captured
 * @param updatedAt       the latest event time seen
 */
public record PaymentState(
        String paymentId,
        PaymentStatus status,
        String currency,
        Long amount,
        Long authorizedAmount,
        long capturedAmount,
        long uncapturedAmount,
        SortedMap<String, Capture> captures,
        long refundedAmount,
        SortedMap<String, Long> refunds,
        SortedSet<String> reversedRefunds,
        SortedMap<String, DisputeStatus> disputes,
        SortedMap<String, DisputeStage> disputeStages,
        SortedSet<String> failedCaptures,
        List<String> anomalies,
        SortedSet<String> appliedEventIds,
        SortedMap<String, Long> deliveries,
        SortedSet<String> limitsReached,
        String orderId,
        String source,
        Instant createdAt,
        Instant capturedAt,
        Instant updatedAt) {

    public PaymentState {
        captures = captures == null ? new TreeMap<>() : new TreeMap<>(captures);
        refunds = refunds == null ? new TreeMap<>() : new TreeMap<>(refunds);
        deliveries = deliveries == null ? new TreeMap<>() : new TreeMap<>(deliveries);
        reversedRefunds = reversedRefunds == null ? new TreeSet<>() : new TreeSet<>(reversedRefunds);
        disputes = disputes == null ? new TreeMap<>() : new TreeMap<>(disputes);
        disputeStages = disputeStages == null ? new TreeMap<>() : new TreeMap<>(disputeStages);
        failedCaptures = failedCaptures == null ? new TreeSet<>() : new TreeSet<>(failedCaptures);
        anomalies = anomalies == null ? List.of() : List.copyOf(anomalies);
        appliedEventIds = appliedEventIds == null ? new TreeSet<>() : new TreeSet<>(appliedEventIds);
        limitsReached = limitsReached == null ? new TreeSet<>() : new TreeSet<>(limitsReached);
    }

    /** How many distinct events this state reflects: the audit's "applied exactly once" count. */
    public int eventCount() {
        return appliedEventIds.size();
    }

    /** Money moved: a capture was reported (a later failure of it is in {@link #failedCaptures()}). */
    @JsonIgnore
    public boolean isCaptured() {
        return capturedAt != null;
    }
}
