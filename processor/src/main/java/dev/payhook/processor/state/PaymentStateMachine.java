package dev.payhook.processor.state;

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
 * {@code (PaymentState, PaymentEvent) -> PaymentState}, with no Kafka in it.
 *
 * <p>Providers do not keep order (Razorpay sends {@code failed} then {@code captured}; a late
 * authorization arrives after the capture). So an event only adds facts, every fact merges by a
 * commutative, idempotent rule (or, max, min, union, dispute precedence), and the status and the
 * anomalies are derived from all facts at once. The same events in any order, any number of times,
 * give the same state.
 */
public final class PaymentStateMachine {

    private PaymentStateMachine() {}

    /** What identifies an event for idempotency: ids are unique per source, not across providers. */
    public static String eventKey(PaymentEvent event) {
        return event.source() + ":" + event.eventId();
    }

    public static PaymentState apply(PaymentState current, PaymentEvent event) {
        PaymentState state = current != null ? current : empty(event.paymentId());
        String key = eventKey(event);
        if (state.appliedEventIds().contains(key)) {
            return state;
        }
        PaymentEventType type = event.type();
        Long amount = event.amount();
        Instant at = event.occurredAt() != null ? event.occurredAt() : event.receivedAt();
        boolean captureFailure = type == PaymentEventType.FAILED && event.captureId() != null;

        Long paymentAmount = state.amount();
        if (amount != null && !type.isDispute() && type != PaymentEventType.REFUNDED && !captureFailure) {
            paymentAmount = paymentAmount == null ? amount : Math.max(paymentAmount, amount);
        }
        long capturedAmount = type == PaymentEventType.CAPTURED && amount != null
                ? Math.max(state.capturedAmount(), amount)
                : state.capturedAmount();

        SortedMap<String, Long> refunds = new TreeMap<>(state.refunds());
        SortedSet<String> fullRefunds = new TreeSet<>(state.fullRefunds());
        if (type == PaymentEventType.REFUNDED) {
            String refundId = refundId(event);
            if (amount == null) {
                // Sized when read (PaymentState.refundAmounts): the capture it refunds may arrive later.
                fullRefunds.add(refundId);
            } else {
                refunds.merge(refundId, amount, Math::max);
            }
        }
        SortedMap<String, DisputeStatus> disputes = new TreeMap<>(state.disputes());
        if (type.isDispute()) {
            disputes.merge(disputeId(event), disputeStatus(type), DisputeStatus::join);
        }
        SortedSet<String> failedCaptures = new TreeSet<>(state.failedCaptures());
        if (captureFailure) {
            failedCaptures.add(event.captureId());
        }
        SortedSet<String> currencies = new TreeSet<>(state.currencies());
        if (event.currency() != null) {
            currencies.add(event.currency());
        }
        SortedSet<String> applied = new TreeSet<>(state.appliedEventIds());
        applied.add(key);

        return derive(new PaymentState(
                state.paymentId(),
                null,
                null,
                paymentAmount,
                capturedAmount,
                0,
                min(state.orderId(), event.orderId()),
                min(state.source(), event.source()),
                state.authorized() || type == PaymentEventType.AUTHORIZED,
                state.captured() || type == PaymentEventType.CAPTURED,
                state.failed() || type == PaymentEventType.FAILED && !captureFailure,
                state.canceled() || type == PaymentEventType.CANCELED,
                refunds,
                fullRefunds,
                disputes,
                failedCaptures,
                currencies,
                List.of(),
                applied,
                state.limitsReached(),
                min(state.createdAt(), at),
                type == PaymentEventType.CAPTURED ? min(state.capturedAt(), at) : state.capturedAt(),
                max(state.updatedAt(), at)));
    }

    /**
     * The per-payment limit applying {@code event} would exceed, if any. The limits keep a payment's
     * snapshot within one Kafka record whatever one payment id receives (a replayed body under new
     * event ids, a flood of refunds); an event past one is dead-lettered, not applied.
     */
    public static Optional<String> exceededLimit(PaymentState current, PaymentEvent event, PaymentLimits limits) {
        if (current == null || current.appliedEventIds().contains(eventKey(event))) {
            return Optional.empty();
        }
        if (current.appliedEventIds().size() >= limits.events()) {
            return Optional.of(PaymentLimits.EVENTS);
        }
        if (event.type() == PaymentEventType.REFUNDED) {
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
        if (captureFailureIsNew(current, event) && current.failedCaptures().size() >= limits.refunds()) {
            return Optional.of(PaymentLimits.REFUNDS);
        }
        return Optional.empty();
    }

    /** The state with a reached limit recorded: shown as an anomaly, and the same however often it is reached. */
    public static PaymentState limitReached(PaymentState state, String limit) {
        SortedSet<String> reached = new TreeSet<>(state.limitsReached());
        reached.add(limit);
        return derive(new PaymentState(
                state.paymentId(),
                null,
                null,
                state.amount(),
                state.capturedAmount(),
                0,
                state.orderId(),
                state.source(),
                state.authorized(),
                state.captured(),
                state.failed(),
                state.canceled(),
                state.refunds(),
                state.fullRefunds(),
                state.disputes(),
                state.failedCaptures(),
                state.currencies(),
                List.of(),
                state.appliedEventIds(),
                reached,
                state.createdAt(),
                state.capturedAt(),
                state.updatedAt()));
    }

    private static boolean captureFailureIsNew(PaymentState current, PaymentEvent event) {
        return event.type() == PaymentEventType.FAILED
                && event.captureId() != null
                && !current.failedCaptures().contains(event.captureId());
    }

    private static String refundId(PaymentEvent event) {
        return event.refundId() != null ? event.refundId() : eventKey(event);
    }

    private static String disputeId(PaymentEvent event) {
        return event.disputeId() != null ? event.disputeId() : event.paymentId();
    }

    public static PaymentState empty(String paymentId) {
        return new PaymentState(
                paymentId,
                PaymentStatus.PENDING,
                null,
                null,
                0,
                0,
                null,
                null,
                false,
                false,
                false,
                false,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    /** Status, currency, refunded total and anomalies: functions of the facts, never of their order. */
    private static PaymentState derive(PaymentState s) {
        long refundable = s.refundable();
        long refunded =
                s.refundAmounts().values().stream().mapToLong(Long::longValue).sum();

        List<String> anomalies = new ArrayList<>();
        if (s.currencies().size() > 1) {
            anomalies.add("CURRENCY_CONFLICT: events carried " + String.join(", ", s.currencies()));
        }
        if (!s.refundAmounts().isEmpty() && !s.captured()) {
            anomalies.add("REFUND_WITHOUT_CAPTURE: refunded " + refunded + " but no capture was received");
        } else if (refunded > refundable) {
            anomalies.add("REFUND_EXCEEDS_CAPTURE: refunded " + refunded + " > captured " + refundable);
        }
        if (!s.disputes().isEmpty() && !s.captured()) {
            anomalies.add("DISPUTE_WITHOUT_CAPTURE: a dispute was received but no capture");
        }
        if (!s.failedCaptures().isEmpty()) {
            anomalies.add("CAPTURE_FAILED: the provider reported capture " + String.join(", ", s.failedCaptures())
                    + " failed after it was made; no money moved for it");
        }
        for (String limit : s.limitsReached()) {
            anomalies.add("LIMIT_REACHED: this payment reached its limit of " + limit
                    + "; later ones were dead-lettered (" + Topics.WEBHOOKS_DEAD_LETTER + ")");
        }

        return new PaymentState(
                s.paymentId(),
                status(s, refunded, refundable),
                s.currencies().isEmpty() ? null : s.currencies().first(),
                s.amount(),
                s.capturedAmount(),
                refunded,
                s.orderId(),
                s.source(),
                s.authorized(),
                s.captured(),
                s.failed(),
                s.canceled(),
                s.refunds(),
                s.fullRefunds(),
                s.disputes(),
                s.failedCaptures(),
                s.currencies(),
                anomalies,
                s.appliedEventIds(),
                s.limitsReached(),
                s.createdAt(),
                s.capturedAt(),
                s.updatedAt());
    }

    /**
     * Precedence, highest first: a lost dispute, an open one, refunds, the capture (money moved, so
     * it outranks a failure or cancellation reported around it), cancellation, failure,
     * authorization. A won dispute leaves the payment as it was before the dispute.
     */
    private static PaymentStatus status(PaymentState s, long refunded, long refundable) {
        if (s.disputes().containsValue(DisputeStatus.LOST)) {
            return PaymentStatus.CHARGED_BACK;
        }
        if (s.disputes().containsValue(DisputeStatus.OPEN)) {
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

    private static DisputeStatus disputeStatus(PaymentEventType type) {
        return switch (type) {
            case DISPUTE_WON -> DisputeStatus.WON;
            case DISPUTE_LOST -> DisputeStatus.LOST;
            default -> DisputeStatus.OPEN;
        };
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
    public static boolean outOfOrder(PaymentState current, PaymentEvent event) {
        Instant at = event.occurredAt() != null ? event.occurredAt() : event.receivedAt();
        return current != null && current.updatedAt() != null && at != null && at.isBefore(current.updatedAt());
    }
}
