package dev.payhook.common;

import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * A payment's state on {@code payhook.payments} (compacted, key = paymentId), and in the
 * processor's store. Built from facts that only ever grow (flags, refunds by id, disputes by id,
 * the ids of applied events); {@link #status()} and {@link #anomalies()} are derived from them.
 * That is what makes the state the same whatever order its events arrived in.
 *
 * @param amount          the payment's amount (minor units) as authorized or created
 * @param capturedAmount  the captured amount (minor units), 0 until captured
 * @param refundedAmount  the sum of {@link #refunds()}
 * @param refunds         refund id → refunded amount (minor units)
 * @param disputes        dispute id → its furthest known stage
 * @param currencies      every currency an event of this payment carried; more than one is an anomaly
 * @param appliedEventIds {@code source:eventId} of every event applied, exactly once each
 * @param capturedAt      when the capture happened (earliest capture event)
 * @param updatedAt       the latest event time seen
 */
public record PaymentState(
        String paymentId,
        PaymentStatus status,
        String currency,
        Long amount,
        long capturedAmount,
        long refundedAmount,
        String orderId,
        String source,
        boolean authorized,
        boolean captured,
        boolean failed,
        boolean canceled,
        SortedMap<String, Long> refunds,
        SortedMap<String, DisputeStatus> disputes,
        SortedSet<String> currencies,
        List<String> anomalies,
        SortedSet<String> appliedEventIds,
        Instant createdAt,
        Instant capturedAt,
        Instant updatedAt) {

    public PaymentState {
        refunds = refunds == null ? new java.util.TreeMap<>() : new java.util.TreeMap<>(refunds);
        disputes = disputes == null ? new java.util.TreeMap<>() : new java.util.TreeMap<>(disputes);
        currencies = currencies == null ? new java.util.TreeSet<>() : new java.util.TreeSet<>(currencies);
        anomalies = anomalies == null ? List.of() : List.copyOf(anomalies);
        appliedEventIds = appliedEventIds == null ? new java.util.TreeSet<>() : new java.util.TreeSet<>(appliedEventIds);
    }

    /** How many distinct events this state reflects: the audit's "applied exactly once" count. */
    public int eventCount() {
        return appliedEventIds.size();
    }
}
