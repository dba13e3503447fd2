package dev.payhook.common;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A payment's state on {@code payhook.payments} (compacted, key = paymentId), and in the
 * processor's store. Built from facts that only ever grow (flags, refunds by id, disputes by id,
 * the ids of applied events); {@link #status()} and {@link #anomalies()} are derived from them.
 * That is what makes the state the same whatever order its events arrived in.
 *
 * <p>Every collection is bounded by the processor's per-payment limits, so a snapshot never grows
 * past what one Kafka record can carry, whatever one payment id receives.
 *
 * @param amount          the payment's amount (minor units) as authorized or created
 * @param capturedAmount  the captured amount (minor units), 0 until captured
 * @param refundedAmount  the sum of {@link #refundAmounts()}
 * @param refunds         refund id → refunded amount (minor units), for refunds that said their amount
 * @param fullRefunds     ids of refunds reported without an amount: each refunds what was refundable
 * @param disputes        dispute id → its furthest known stage
 * @param failedCaptures  ids of captures the provider reported failed after reporting them (Adyen
 *                        {@code CAPTURE_FAILED}): no money moved for them, an anomaly until resolved
 * @param currencies      every currency an event of this payment carried; more than one is an anomaly
 * @param appliedEventIds {@code source:eventId} of every event applied, exactly once each
 * @param limitsReached   which per-payment limits ({@code events}, {@code refunds}, {@code disputes})
 *                        were reached: events beyond them were dead-lettered, and it is an anomaly
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
        SortedSet<String> fullRefunds,
        SortedMap<String, DisputeStatus> disputes,
        SortedSet<String> failedCaptures,
        SortedSet<String> currencies,
        List<String> anomalies,
        SortedSet<String> appliedEventIds,
        SortedSet<String> limitsReached,
        Instant createdAt,
        Instant capturedAt,
        Instant updatedAt) {

    public PaymentState {
        refunds = refunds == null ? new TreeMap<>() : new TreeMap<>(refunds);
        fullRefunds = fullRefunds == null ? new TreeSet<>() : new TreeSet<>(fullRefunds);
        disputes = disputes == null ? new TreeMap<>() : new TreeMap<>(disputes);
        failedCaptures = failedCaptures == null ? new TreeSet<>() : new TreeSet<>(failedCaptures);
        currencies = currencies == null ? new TreeSet<>() : new TreeSet<>(currencies);
        anomalies = anomalies == null ? List.of() : List.copyOf(anomalies);
        appliedEventIds = appliedEventIds == null ? new TreeSet<>() : new TreeSet<>(appliedEventIds);
        limitsReached = limitsReached == null ? new TreeSet<>() : new TreeSet<>(limitsReached);
    }

    /** How many distinct events this state reflects: the audit's "applied exactly once" count. */
    public int eventCount() {
        return appliedEventIds.size();
    }

    /** What a refund without an amount gives back: the captured amount, else the payment's amount. */
    @JsonIgnore
    public long refundable() {
        return capturedAmount > 0 ? capturedAmount : amount == null ? 0 : amount;
    }

    /**
     * Every refund by id with its amount in minor units, full refunds sized at {@link #refundable()}.
     * A full refund also reported with an amount counts the larger of the two.
     */
    @JsonIgnore
    public SortedMap<String, Long> refundAmounts() {
        SortedMap<String, Long> amounts = new TreeMap<>(refunds);
        fullRefunds.forEach(id -> amounts.merge(id, refundable(), Math::max));
        return amounts;
    }
}
