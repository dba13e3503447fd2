package dev.payhook.processor.state;

import dev.payhook.common.DisputeStatus;
import dev.payhook.common.PaymentEvent;
import dev.payhook.common.PaymentEventType;
import dev.payhook.common.PaymentState;
import dev.payhook.common.PaymentStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import java.util.Objects;
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

    private PaymentStateMachine() {
    }

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

        Long paymentAmount = state.amount();
        if (amount != null && !type.isDispute() && type != PaymentEventType.REFUNDED) {
            paymentAmount = paymentAmount == null ? amount : Math.max(paymentAmount, amount);
        }
        long capturedAmount = type == PaymentEventType.CAPTURED && amount != null
                ? Math.max(state.capturedAmount(), amount) : state.capturedAmount();

        SortedMap<String, Long> refunds = new TreeMap<>(state.refunds());
        if (type == PaymentEventType.REFUNDED) {
            String refundId = event.refundId() != null ? event.refundId() : key;
            // A refund reported without an amount is a full refund, sized when the state is derived.
            refunds.merge(refundId, amount == null ? FULL_REFUND : amount, Math::max);
        }
        SortedMap<String, DisputeStatus> disputes = new TreeMap<>(state.disputes());
        if (type.isDispute()) {
            String disputeId = event.disputeId() != null ? event.disputeId() : event.paymentId();
            disputes.merge(disputeId, disputeStatus(type), DisputeStatus::join);
        }
        SortedSet<String> currencies = new TreeSet<>(state.currencies());
        if (event.currency() != null) {
            currencies.add(event.currency());
        }
        SortedSet<String> applied = new TreeSet<>(state.appliedEventIds());
        applied.add(key);

        return derive(new PaymentState(state.paymentId(), null, null, paymentAmount, capturedAmount, 0,
                min(state.orderId(), event.orderId()), min(state.source(), event.source()),
                state.authorized() || type == PaymentEventType.AUTHORIZED,
                state.captured() || type == PaymentEventType.CAPTURED,
                state.failed() || type == PaymentEventType.FAILED,
                state.canceled() || type == PaymentEventType.CANCELED,
                refunds, disputes, currencies, List.of(), applied,
                min(state.createdAt(), at),
                type == PaymentEventType.CAPTURED ? min(state.capturedAt(), at) : state.capturedAt(),
                max(state.updatedAt(), at)));
    }

    /** Marks a refund whose amount the provider did not say: the whole captured amount. */
    static final long FULL_REFUND = -1;

    public static PaymentState empty(String paymentId) {
        return new PaymentState(paymentId, PaymentStatus.PENDING, null, null, 0, 0, null, null,
                false, false, false, false, null, null, null, null, null, null, null, null);
    }

    /** Status, currency, refunded total and anomalies: functions of the facts, never of their order. */
    private static PaymentState derive(PaymentState s) {
        long refundable = s.capturedAmount() > 0 ? s.capturedAmount() : Objects.requireNonNullElse(s.amount(), 0L);
        long refunded = s.refunds().values().stream().mapToLong(r -> r == FULL_REFUND ? refundable : r).sum();

        List<String> anomalies = new ArrayList<>();
        if (s.currencies().size() > 1) {
            anomalies.add("CURRENCY_CONFLICT: events carried " + String.join(", ", s.currencies()));
        }
        if (!s.refunds().isEmpty() && !s.captured()) {
            anomalies.add("REFUND_WITHOUT_CAPTURE: refunded " + refunded + " but no capture was received");
        } else if (refunded > refundable) {
            anomalies.add("REFUND_EXCEEDS_CAPTURE: refunded " + refunded + " > captured " + refundable);
        }
        if (!s.disputes().isEmpty() && !s.captured()) {
            anomalies.add("DISPUTE_WITHOUT_CAPTURE: a dispute was received but no capture");
        }

        return new PaymentState(s.paymentId(), status(s, refunded, refundable),
                s.currencies().isEmpty() ? null : s.currencies().first(), s.amount(), s.capturedAmount(), refunded,
                s.orderId(), s.source(), s.authorized(), s.captured(), s.failed(), s.canceled(), s.refunds(),
                s.disputes(), s.currencies(), anomalies, s.appliedEventIds(), s.createdAt(), s.capturedAt(),
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
