package dev.payhook.reconciler.matching;

import dev.payhook.common.Capture;
import dev.payhook.common.DisputeStage;
import dev.payhook.common.DisputeStatus;
import dev.payhook.common.Money;
import dev.payhook.common.PaymentEvent;
import dev.payhook.common.PaymentState;
import dev.payhook.common.PaymentStatus;
import java.time.Instant;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a payment's published state says, as reconciliation's evidence (the full state also lists
 * every applied event id, which matching does not need to keep).
 *
 * @param source         the provider whose webhooks told of it: whose fee schedule applies
 * @param account        the merchant account it belongs to, null when none was said
 * @param captures       the payment's named captures (Adyen, Stripe charges); empty when its provider only
 *                       reports the captured total
 * @param refunds        refund id → amount, every refund that moved money (reversed ones too: their
 *                       settlement line is still expected)
 * @param reversedRefunds the refunds whose money came back
 * @param disputeStages  dispute id → its furthest stage (absent in snapshots from before stages)
 * @param failedCaptures captures the provider reported failed after making them
 *
 * @param recoveredByPolling some of its events reached payhook only by polling the provider
 * @param eventCount how many events the state reflects: states only grow, so a snapshot with no
 *                   more events than the one held is stale (a replay of the payments topic) and ignored
 */
public record PaymentEvidence(
        String paymentId,
        String source,
        String account,
        PaymentStatus status,
        String currency,
        boolean captured,
        long capturedAmount,
        Instant capturedAt,
        SortedMap<String, Capture> captures,
        SortedMap<String, Long> refunds,
        SortedSet<String> reversedRefunds,
        SortedMap<String, DisputeStatus> disputes,
        SortedMap<String, DisputeStage> disputeStages,
        SortedSet<String> failedCaptures,
        Instant updatedAt,
        boolean recoveredByPolling,
        int eventCount) {

    public PaymentEvidence {
        // Amounts are read in this currency's minor units: one without them cannot be reconciled.
        currency = currency == null ? null : Money.normalizeCurrency(currency);
        captures = captures == null ? new TreeMap<>() : new TreeMap<>(captures);
        refunds = refunds == null ? new TreeMap<>() : new TreeMap<>(refunds);
        reversedRefunds = reversedRefunds == null ? new TreeSet<>() : new TreeSet<>(reversedRefunds);
        disputes = disputes == null ? new TreeMap<>() : new TreeMap<>(disputes);
        disputeStages = disputeStages == null ? new TreeMap<>() : new TreeMap<>(disputeStages);
        failedCaptures = failedCaptures == null ? new TreeSet<>() : new TreeSet<>(failedCaptures);
    }

    /**
     * Whether a chargeback reversal line is explained: a dispute was won, or went past a reversal (a
     * second chargeback or an arbitration only follow one), so the funds came back at some point.
     */
    public boolean mayHaveReinstatedDisputedFunds() {
        return disputes.containsValue(DisputeStatus.WON)
                || disputeStages.values().stream().anyMatch(DisputeStage::mayHaveReinstatedFunds);
    }

    /** Whether this snapshot knows more than {@code held}; snapshots of one payment only grow. */
    public boolean isNewerThan(PaymentEvidence held) {
        return held == null || eventCount > held.eventCount;
    }

    public static PaymentEvidence of(PaymentState state) {
        return new PaymentEvidence(
                state.paymentId(),
                state.source(),
                state.account(),
                state.status(),
                state.currency(),
                state.isCaptured(),
                state.capturedAmount(),
                state.capturedAt(),
                state.captures(),
                state.refunds(),
                state.reversedRefunds(),
                state.disputes(),
                state.disputeStages(),
                state.failedCaptures(),
                state.updatedAt(),
                state.deliveries().getOrDefault(PaymentEvent.POLL, 0L) > 0,
                state.eventCount());
    }
}
