package dev.payhook.processor.state;

import dev.payhook.common.Capture;
import dev.payhook.common.DisputeStage;
import dev.payhook.common.DisputeStatus;
import dev.payhook.common.PaymentEvent;
import dev.payhook.common.PaymentEventType;
import dev.payhook.common.PaymentState;
import dev.payhook.common.PaymentStatus;
import dev.payhook.common.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code (PaymentFacts, PaymentEvent) -> PaymentFacts}, and {@code PaymentFacts -> PaymentState}: the
 * fold the processor keeps, and the state it publishes, with no Kafka in either.
 *
 * <p>Providers do not keep order (Razorpay sends {@code failed} then {@code captured}; a late
 * authorization arrives after the capture). So an event only adds facts, every fact merges by a
 * commutative, idempotent rule (or, max, min, union, dispute precedence), and the status and the
 * anomalies are derived from all facts at once. The same events in any order, any number of times,
 * give the same state.
 */
public final class PaymentStateMachine {

    private PaymentStateMachine() {}

    /**
     * Whether the payment's outcome differs: its status, amounts, captures, refunds, disputes, failed
     * captures or merchant account; not which events said so, or when.
     */
    public static boolean changesTheOutcome(PaymentState was, PaymentState now) {
        return was == null
                || was.status() != now.status()
                || !java.util.Objects.equals(was.currency(), now.currency())
                || !java.util.Objects.equals(was.amount(), now.amount())
                || !java.util.Objects.equals(was.authorizedAmount(), now.authorizedAmount())
                || was.capturedAmount() != now.capturedAmount()
                || !was.captures().keySet().equals(now.captures().keySet())
                || !was.refunds().equals(now.refunds())
                || !was.reversedRefunds().equals(now.reversedRefunds())
                || !was.disputeStages().equals(now.disputeStages())
                || !was.failedCaptures().equals(now.failedCaptures())
                || !java.util.Objects.equals(was.account(), now.account());
    }

    /** What identifies an event for idempotency: ids are unique per source, not across providers. */
    public static String eventKey(PaymentEvent event) {
        return event.source() + ":" + event.eventId();
    }

    public static PaymentFacts apply(PaymentFacts current, PaymentEvent event) {
        PaymentFacts state = current != null ? current : PaymentFacts.none(event.paymentId());
        String key = eventKey(event);
        if (state.appliedEventIds().contains(key)) {
            return state;
        }
        PaymentEventType type = event.type();
        Long amount = event.amount();
        Instant at = event.occurredAt() != null ? event.occurredAt() : event.receivedAt();
        boolean captureFailure = type == PaymentEventType.FAILED && event.captureId() != null;

        boolean capture = type == PaymentEventType.CAPTURED;
        boolean refundish = type == PaymentEventType.REFUNDED || type == PaymentEventType.REFUND_REVERSED;
        Long paymentAmount = state.amount();
        if (amount != null && !capture && !type.isDispute() && !refundish && !captureFailure) {
            paymentAmount = paymentAmount == null ? amount : Math.max(paymentAmount, amount);
        }
        Long authorizedAmount = type == PaymentEventType.AUTHORIZED && amount != null
                ? max(state.authorizedAmount(), amount)
                : state.authorizedAmount();
        // A capture that names itself counts once, whichever of its deliveries says most; one that
        // does not reports what was captured so far.
        SortedMap<String, Capture> captures = new TreeMap<>(state.captures());
        long capturedAmount = state.capturedAmount();
        if (capture && amount != null) {
            if (event.captureId() != null) {
                captures.merge(event.captureId(), new Capture(amount, at), Capture::merge);
            } else {
                capturedAmount = Math.max(capturedAmount, amount);
            }
        }

        SortedMap<String, Long> refunds = new TreeMap<>(state.refunds());
        SortedSet<String> fullRefunds = new TreeSet<>(state.fullRefunds());
        SortedMap<String, Long> chargeRefunds = new TreeMap<>(state.chargeRefunds());
        SortedMap<String, RefundReversal> refundReversals = new TreeMap<>(state.refundReversals());
        if (isChargeRefundTotal(event)) {
            // What one charge reports refunded so far: counted where its named refunds do not explain it.
            if (amount != null) {
                chargeRefunds.merge(event.captureId(), amount, Math::max);
            }
        } else if (type == PaymentEventType.REFUND_REVERSED) {
            refundReversals.merge(
                    reversalKey(event),
                    new RefundReversal(event.refundId(), amount == null ? 0 : amount),
                    RefundReversal::merge);
        } else if (type == PaymentEventType.REFUNDED) {
            String refundId = refundId(event);
            if (amount == null) {
                // Sized when the state is derived (PaymentFacts.refundAmounts): the capture it refunds may arrive
                // later.
                fullRefunds.add(refundId);
            } else {
                refunds.merge(refundId, amount, Math::max);
            }
        }
        SortedMap<String, DisputeStage> disputes = new TreeMap<>(state.disputes());
        if (type.isDispute()) {
            disputes.merge(disputeId(event), event.stageOfDispute(), DisputeStage::join);
        }
        SortedSet<String> failedCaptures = new TreeSet<>(state.failedCaptures());
        if (captureFailure) {
            failedCaptures.add(event.captureId());
        }
        SortedSet<String> currencies = new TreeSet<>(state.currencies());
        if (event.currency() != null) {
            currencies.add(event.currency());
        }
        SortedSet<String> accounts = new TreeSet<>(state.accounts());
        if (event.account() != null) {
            accounts.add(event.account());
        }
        SortedSet<String> applied = new TreeSet<>(state.appliedEventIds());
        applied.add(key);
        SortedMap<String, Long> deliveries = new TreeMap<>(state.deliveries());
        deliveries.merge(event.delivery(), 1L, Long::sum);

        return new PaymentFacts(
                state.paymentId(),
                new PaymentFacts.Amounts(paymentAmount, authorizedAmount, currencies),
                new PaymentFacts.Lifecycle(
                        state.authorized() || type == PaymentEventType.AUTHORIZED,
                        state.captured() || capture,
                        state.failed() || type == PaymentEventType.FAILED && !captureFailure,
                        state.canceled() || type == PaymentEventType.CANCELED),
                new PaymentFacts.CaptureFacts(
                        capturedAmount,
                        captures,
                        failedCaptures,
                        capture ? min(state.capturedAt(), at) : state.capturedAt()),
                new PaymentFacts.RefundFacts(refunds, fullRefunds, chargeRefunds, refundReversals),
                disputes,
                new PaymentFacts.Audit(
                        min(state.orderId(), event.orderId()),
                        min(state.source(), event.source()),
                        accounts,
                        applied,
                        deliveries,
                        state.limitsReached(),
                        min(state.createdAt(), at),
                        max(state.updatedAt(), at)));
    }

    /**
     * The per-payment limit applying {@code event} would exceed, if any. The limits keep a payment's
     * snapshot within one Kafka record whatever one payment id receives (a replayed body under new
     * event ids, a flood of refunds); an event past one is dead-lettered, not applied.
     */
    public static Optional<String> exceededLimit(PaymentFacts current, PaymentEvent event, PaymentLimits limits) {
        if (current == null || current.appliedEventIds().contains(eventKey(event))) {
            return Optional.empty();
        }
        if (current.appliedEventIds().size() >= limits.events()) {
            return Optional.of(PaymentLimits.EVENTS);
        }
        if (event.type() == PaymentEventType.REFUND_REVERSED
                && !current.refundReversals().containsKey(reversalKey(event))
                && current.refundReversals().size() >= limits.refunds()) {
            return Optional.of(PaymentLimits.REFUNDS);
        }
        if (isChargeRefundTotal(event)
                && !current.chargeRefunds().containsKey(event.captureId())
                && current.chargeRefunds().size() >= limits.captures()) {
            return Optional.of(PaymentLimits.CAPTURES);
        }
        if (event.type() == PaymentEventType.REFUNDED && !isChargeRefundTotal(event)) {
            String refundId = refundId(event);
            boolean known = current.refunds().containsKey(refundId)
                    || current.fullRefunds().contains(refundId);
            if (!known && current.refunds().size() + current.fullRefunds().size() >= limits.refunds()) {
                return Optional.of(PaymentLimits.REFUNDS);
            }
        }
        if (event.type().isDispute()
                && !current.disputes().containsKey(disputeId(event))
                && current.disputes().size() >= limits.disputes()) {
            return Optional.of(PaymentLimits.DISPUTES);
        }
        if (event.type() == PaymentEventType.CAPTURED
                && event.captureId() != null
                && !current.captures().containsKey(event.captureId())
                && current.captures().size() >= limits.captures()) {
            return Optional.of(PaymentLimits.CAPTURES);
        }
        if (captureFailureIsNew(current, event) && current.failedCaptures().size() >= limits.captures()) {
            return Optional.of(PaymentLimits.CAPTURES);
        }
        return Optional.empty();
    }

    /** The facts with a reached limit recorded: shown as an anomaly, and the same however often it is reached. */
    public static PaymentFacts limitReached(PaymentFacts facts, String limit) {
        return facts.withLimitReached(limit);
    }

    private static boolean captureFailureIsNew(PaymentFacts current, PaymentEvent event) {
        return event.type() == PaymentEventType.FAILED
                && event.captureId() != null
                && !current.failedCaptures().contains(event.captureId());
    }

    /**
     * A refund event that names a charge and no refund reports what that charge has refunded so far
     * (Stripe's {@code charge.refunded}), not one refund.
     */
    private static boolean isChargeRefundTotal(PaymentEvent event) {
        return event.type() == PaymentEventType.REFUNDED && event.refundId() == null && event.captureId() != null;
    }

    /** A reversal that names its refund is that refund's; one that names none is its own event's. */
    private static String reversalKey(PaymentEvent event) {
        return event.refundId() != null ? event.refundId() : eventKey(event);
    }

    private static String refundId(PaymentEvent event) {
        return event.refundId() != null ? event.refundId() : eventKey(event);
    }

    private static String disputeId(PaymentEvent event) {
        return event.disputeId() != null ? event.disputeId() : event.paymentId();
    }

    /**
     * The published state: status, currency, refunds sized, totals and anomalies, all functions of
     * the facts, never of their order.
     */
    public static PaymentState state(PaymentFacts s) {
        long refundable = s.refundable();
        PaymentFacts.Refunds refunds = s.refundsWithReversals();
        long refunded = refunds.refunded();
        SortedMap<String, DisputeStatus> disputes = new TreeMap<>();
        s.disputes().forEach((id, stage) -> disputes.put(id, stage.outcome()));

        List<String> anomalies = new ArrayList<>();
        if (s.currencies().size() > 1) {
            anomalies.add("CURRENCY_CONFLICT: events carried " + String.join(", ", s.currencies()));
        }
        if (s.accounts().size() > 1) {
            // A payment belongs to one merchant account: the same one whatever order its events came in.
            anomalies.add("ACCOUNT_CONFLICT: events named the merchant accounts " + String.join(", ", s.accounts()));
        }
        if (refunds.unmatched() > 0) {
            anomalies.add("REFUND_REVERSAL_UNMATCHED: the provider returned " + refunds.unmatched()
                    + " refund(s) of an amount no refund of this payment has");
        }
        if (refunded > 0 && !s.captured()) {
            anomalies.add("REFUND_WITHOUT_CAPTURE: refunded " + refunded + " but no capture was received");
        } else if (refunded > refundable) {
            anomalies.add("REFUND_EXCEEDS_CAPTURE: refunded " + refunded + " > captured " + refundable);
        }
        if (!s.disputes().isEmpty() && !s.captured()) {
            anomalies.add("DISPUTE_WITHOUT_CAPTURE: a dispute was received but no capture");
        }
        long captured = s.capturedTotal();
        if (s.authorizedAmount() != null && captured > s.authorizedAmount()) {
            anomalies.add(
                    "CAPTURE_EXCEEDS_AUTHORIZATION: captured " + captured + " > authorized " + s.authorizedAmount());
        }
        if (!s.failedCaptures().isEmpty()) {
            anomalies.add("CAPTURE_FAILED: the provider reported capture " + String.join(", ", s.failedCaptures())
                    + " failed after it was made; no money moved for it");
        }
        for (String limit : s.limitsReached()) {
            anomalies.add("LIMIT_REACHED: this payment reached its limit of " + limit
                    + "; later ones were dead-lettered (" + Topics.WEBHOOKS_DEAD_LETTER + ")");
        }

        return PaymentState.of(s.paymentId(), status(s, disputes, refunded, refundable))
                .amounts(new PaymentState.Amounts(
                        s.currencies().isEmpty() ? null : s.currencies().first(),
                        s.amount() != null
                                ? s.amount()
                                : s.authorizedAmount() != null ? s.authorizedAmount() : positive(captured),
                        s.authorizedAmount(),
                        captured,
                        uncaptured(s, captured)))
                .captures(s.captures(), s.failedCaptures())
                .refunds(new PaymentState.Refunds(refunded, refunds.amounts(), refunds.reversed()))
                .disputes(new PaymentState.Disputes(disputes, s.disputes()))
                .audit(new PaymentState.Audit(anomalies, s.appliedEventIds(), s.deliveries(), s.limitsReached()))
                .lineage(new PaymentState.Lineage(
                        s.orderId(),
                        s.source(),
                        s.accounts().isEmpty() ? null : s.accounts().first(),
                        s.createdAt(),
                        s.captured() ? capturedAt(s) : null,
                        s.updatedAt()))
                .build();
    }

    /**
     * Precedence, highest first: a dispute lost at its furthest stage, an open one, refunds not
     * reversed, the capture (money moved, so it outranks a failure or cancellation reported around
     * it), cancellation, failure, authorization. A won dispute leaves the payment as it was before
     * the dispute; a reversed refund, as it was before the refund.
     */
    private static PaymentStatus status(
            PaymentFacts s, SortedMap<String, DisputeStatus> disputes, long refunded, long refundable) {
        if (disputes.containsValue(DisputeStatus.LOST)) {
            return PaymentStatus.CHARGED_BACK;
        }
        if (disputes.containsValue(DisputeStatus.OPEN)) {
            return PaymentStatus.DISPUTED;
        }
        if (refunded > 0) {
            return refunded >= refundable ? PaymentStatus.REFUNDED : PaymentStatus.PARTIALLY_REFUNDED;
        }
        if (s.captured()) {
            return PaymentStatus.CAPTURED;
        }
        if (s.canceled()) {
            return PaymentStatus.CANCELED;
        }
        if (s.failed()) {
            return PaymentStatus.FAILED;
        }
        return s.authorized() ? PaymentStatus.AUTHORIZED : PaymentStatus.PENDING;
    }

    /**
     * What the authorization still holds: nothing once it was canceled (a cancellation after a
     * partial capture releases the rest) or the payment failed uncaptured.
     */
    private static long uncaptured(PaymentFacts s, long captured) {
        if (s.authorizedAmount() == null || s.canceled() || s.failed() && !s.captured()) {
            return 0;
        }
        return Math.max(0, s.authorizedAmount() - captured);
    }

    private static Long positive(long amount) {
        return amount > 0 ? amount : null;
    }

    /**
     * When the capture happened: the earliest capture event's time. A capture event that carried no
     * time at all (never one from the ingress, which stamps every event it receives) counts from the
     * payment's first event.
     */
    private static Instant capturedAt(PaymentFacts s) {
        return s.capturedAt() != null ? s.capturedAt() : s.createdAt() != null ? s.createdAt() : Instant.EPOCH;
    }

    private static <T extends Comparable<T>> T min(T a, T b) {
        if (a == null) {
            return b;
        }
        return b == null || a.compareTo(b) <= 0 ? a : b;
    }

    private static <T extends Comparable<T>> T max(T a, T b) {
        if (a == null) {
            return b;
        }
        return b == null || a.compareTo(b) >= 0 ? a : b;
    }

    /** For metrics: an event older than the newest one already applied arrived out of order. */
    public static boolean outOfOrder(PaymentFacts current, PaymentEvent event) {
        Instant at = event.occurredAt() != null ? event.occurredAt() : event.receivedAt();
        return current != null && current.updatedAt() != null && at != null && at.isBefore(current.updatedAt());
    }
}
