package dev.payhook.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The canonical event types of docs/DESIGN.md, with their wire names ({@code payment.captured}). */
public enum PaymentEventType {
    CREATED("payment.created"),
    AUTHORIZED("payment.authorized"),
    CAPTURED("payment.captured"),
    FAILED("payment.failed"),
    CANCELED("payment.canceled"),
    REFUNDED("payment.refunded"),
    /**
     * A refund that had moved money was undone: the bank returned it (Adyen {@code REFUNDED_REVERSED}),
     * the scheme rejected it ({@code REFUND_FAILED}), or it failed after succeeding (Stripe, Razorpay).
     */
    REFUND_REVERSED("payment.refund_reversed"),
    DISPUTE_OPENED("payment.dispute_opened"),
    DISPUTE_WON("payment.dispute_won"),
    DISPUTE_LOST("payment.dispute_lost");

    private final String wireName;

    PaymentEventType(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static Optional<PaymentEventType> fromWireName(String wireName) {
        return Optional.ofNullable(wireName == null ? null : BY_WIRE_NAME.get(wireName));
    }

    /** Looked up for every webhook and every event read: a map, not a scan of the values. */
    private static final Map<String, PaymentEventType> BY_WIRE_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(t -> t.wireName, t -> t));

    @JsonCreator
    static PaymentEventType parse(String wireName) {
        return fromWireName(wireName)
                .orElseThrow(() -> new IllegalArgumentException("unknown payment event type: " + wireName));
    }

    public boolean isDispute() {
        return this == DISPUTE_OPENED || this == DISPUTE_WON || this == DISPUTE_LOST;
    }
}
