package dev.payhook.processor.state;

import dev.payhook.common.Capture;
import dev.payhook.common.DisputeStage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the processor knows of one payment, in its state store (key = paymentId): facts that only
 * grow and merge commutatively. Nothing here is derived; {@link PaymentStateMachine#state} derives
 * the published {@link dev.payhook.common.PaymentState} (status, currency, totals, anomalies) from
 * all of them at once, which is what makes the state the same whatever order its events arrived in.
 *
 * <p>Every collection is bounded by the per-payment limits ({@link PaymentLimits}).
 *
 * @param amount          the payment's amount (minor units) as created or authorized: the largest seen
 *                        on an event that is not a capture, refund or dispute
 * @param authorizedAmount the largest amount an authorization reported
 * @param capturedAmount  the largest captured amount reported by a capture event that names no capture:
 *                        such providers report what was captured so far (Stripe's {@code amount_received})
 * @param captures        capture id → its amount and time, for capture events that name their capture (an
 *                        Adyen {@code CAPTURE}'s pspReference, a Stripe charge): each capture counts once
 * @param authorized      an authorization was reported; likewise {@code captured}, {@code failed}, {@code canceled}
 * @param refunds         refund id → refunded amount (minor units), for refunds that said their amount
 * @param fullRefunds     ids of refunds reported without an amount: each refunds what was refundable,
 *                        sized when the state is derived, since the capture may arrive later
 * @param chargeRefunds   charge id → the largest refunded total a charge reported (Stripe's
 *                        {@code charge.refunded} carries {@code amount_refunded} and, since API version
 *                        2022-11-15, no refund list); it counts only where named refunds do not explain it
 * @param refundReversals refunds whose money came back, keyed by the refund they name (else by the event)
 * @param disputes        dispute id → its furthest known stage
 * @param failedCaptures  ids of captures the provider reported failed after reporting them
 * @param currencies      every currency an event of this payment carried
 * @param appliedEventIds {@code source:eventId} of every event applied, exactly once each
 * @param deliveries      how the applied events reached payhook ({@code push}, {@code poll},
 *                        {@code requeue}) → how many: each event counts once, the way it first arrived
 * @param limitsReached   which per-payment limits were reached
 * @param capturedAt      the earliest capture event's time
 * @param updatedAt       the latest event time seen
 */
public record PaymentFacts(
        String paymentId,
        Long amount,
        Long authorizedAmount,
        long capturedAmount,
        SortedMap<String, Capture> captures,
        String orderId,
        String source,
        boolean authorized,
        boolean captured,
        boolean failed,
        boolean canceled,
        SortedMap<String, Long> refunds,
        SortedSet<String> fullRefunds,
        SortedMap<String, Long> chargeRefunds,
        SortedMap<String, RefundReversal> refundReversals,
        SortedMap<String, DisputeStage> disputes,
        SortedSet<String> failedCaptures,
        SortedSet<String> currencies,
        SortedSet<String> appliedEventIds,
        SortedMap<String, Long> deliveries,
        SortedSet<String> limitsReached,
        Instant createdAt,
        Instant capturedAt,
        Instant updatedAt) {

    public PaymentFacts {
        captures = captures == null ? new TreeMap<>() : new TreeMap<>(captures);
        refunds = refunds == null ? new TreeMap<>() : new TreeMap<>(refunds);
        fullRefunds = fullRefunds == null ? new TreeSet<>() : new TreeSet<>(fullRefunds);
        chargeRefunds = chargeRefunds == null ? new TreeMap<>() : new TreeMap<>(chargeRefunds);
        refundReversals = refundReversals == null ? new TreeMap<>() : new TreeMap<>(refundReversals);
        disputes = disputes == null ? new TreeMap<>() : new TreeMap<>(disputes);
        failedCaptures = failedCaptures == null ? new TreeSet<>() : new TreeSet<>(failedCaptures);
        currencies = currencies == null ? new TreeSet<>() : new TreeSet<>(currencies);
        appliedEventIds = appliedEventIds == null ? new TreeSet<>() : new TreeSet<>(appliedEventIds);
        deliveries = deliveries == null ? new TreeMap<>() : new TreeMap<>(deliveries);
        limitsReached = limitsReached == null ? new TreeSet<>() : new TreeSet<>(limitsReached);
    }

    static PaymentFacts none(String paymentId) {
        return new PaymentFacts(
                paymentId, null, null, 0, null, null, null, false, false, false, false, null, null, null, null, null,
                null, null, null, null, null, null, null, null);
    }

    /**
     * What was captured: every named capture once, or what the provider said was captured so far if
     * that is more (Stripe reports both a charge's captures and the payment's total).
     */
    long capturedTotal() {
        return Math.max(
                capturedAmount,
                captures.values().stream().mapToLong(Capture::amount).sum());
    }

    /** What a refund without an amount gives back: the captured amount, else the payment's amount. */
    long refundable() {
        long captured = capturedTotal();
        return captured > 0 ? captured : amount == null ? 0 : amount;
    }

    /**
     * Every refund that moved money, by id, with its amount in minor units: the named ones, full
     * refunds sized at {@link #refundable()} (a full refund also reported with an amount counts the
     * larger of the two), a refund known only from a reversal that names it (its charge's total
     * vouches that it had moved money), and what charges report refunded beyond all of those, under
     * the charges' ids. So a charge's total and its named refunds, told in any order, never count twice.
     */
    SortedMap<String, Long> refundAmounts() {
        SortedMap<String, Long> amounts = new TreeMap<>(refunds);
        fullRefunds.forEach(id -> amounts.merge(id, refundable(), Math::max));
        long unexplained =
                chargeRefunds.values().stream().mapToLong(Long::longValue).sum()
                        - amounts.values().stream().mapToLong(Long::longValue).sum();
        for (RefundReversal reversal : refundReversals.values()) {
            String id = reversal.refundId();
            if (id != null && !amounts.containsKey(id) && reversal.amount() > 0 && reversal.amount() <= unexplained) {
                amounts.put(id, reversal.amount());
                unexplained -= reversal.amount();
            }
        }
        if (unexplained > 0) {
            amounts.put(String.join("+", chargeRefunds.keySet()), unexplained);
        }
        return amounts;
    }

    /**
     * The refunds and which of them a reversal undid: the refund a reversal names, else, for one
     * that names none, a refund of its amount not reversed already (the first by id).
     *
     * @param amounts   {@link #refundAmounts()}
     * @param reversed  the ids in {@code amounts} whose money came back
     * @param unmatched reversals naming no refund that found none of their amount: money came back
     *                  for a refund payhook never heard of
     */
    record Refunds(SortedMap<String, Long> amounts, SortedSet<String> reversed, int unmatched) {

        long refunded() {
            return amounts.entrySet().stream()
                    .filter(r -> !reversed.contains(r.getKey()))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
        }
    }

    Refunds refundsWithReversals() {
        SortedMap<String, Long> amounts = refundAmounts();
        SortedSet<String> reversed = new TreeSet<>();
        List<Long> unnamed = new ArrayList<>();
        for (RefundReversal reversal : refundReversals.values()) {
            if (reversal.refundId() == null) {
                unnamed.add(reversal.amount());
            } else if (amounts.containsKey(reversal.refundId())) {
                reversed.add(reversal.refundId());
            }
        }
        int unmatched = 0;
        for (long amount : unnamed) {
            String undone = amounts.entrySet().stream()
                    .filter(r -> r.getValue() == amount && !reversed.contains(r.getKey()))
                    .map(Map.Entry::getKey)
                    .findFirst()
                    .orElse(null);
            if (undone == null) {
                unmatched++;
            } else {
                reversed.add(undone);
            }
        }
        return new Refunds(amounts, reversed, unmatched);
    }

    PaymentFacts withLimitReached(String limit) {
        SortedSet<String> reached = new TreeSet<>(limitsReached);
        reached.add(limit);
        return new PaymentFacts(
                paymentId,
                amount,
                authorizedAmount,
                capturedAmount,
                captures,
                orderId,
                source,
                authorized,
                captured,
                failed,
                canceled,
                refunds,
                fullRefunds,
                chargeRefunds,
                refundReversals,
                disputes,
                failedCaptures,
                currencies,
                appliedEventIds,
                deliveries,
                reached,
                createdAt,
                capturedAt,
                updatedAt);
    }
}
