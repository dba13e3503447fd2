package dev.payhook.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.common.serialization.Deserializer;
import tools.jackson.databind.JsonNode;

/**
 * The canonical payment event on {@code payhook.webhooks}, key = {@link #paymentId()}.
 *
 * <p>One flat JSON object, composed here of small records each unwrapped into it
 * ({@code PublishedShapesTest} keeps the shape byte for byte); built by name with {@link #of}, and each
 * field reads by its published name.
 *
 * @param eventId           the provider's id for this delivery's event: the idempotency key
 * @param origin            the configured webhook source it arrived on, that source's provider scheme
 *                          ({@code stripe}, {@code adyen}…), the provider's own name for the event
 *                          ({@code payment_intent.succeeded}), and the merchant account it belongs to
 *                          (the event's, else the source's configured one; null when neither says)
 * @param value             minor units of the currency; for refunds and disputes, the refunded or
 *                          disputed amount; null when the provider sent none
 * @param modifications     the refund ({@code payment.refunded}: refunds accumulate by this id), the
 *                          dispute (dispute events), and the provider's id of the capture an event is
 *                          about, when it names one (Adyen's {@code CAPTURE_FAILED} says which capture failed)
 * @param times             when the provider says it happened, and when payhook received it
 * @param payload           the provider's raw JSON for this event
 * @param disputeStage      on dispute events, how far the dispute has gone, where the provider says
 *                          (Adyen's event codes, Stripe's dispute statuses); null reads as
 *                          {@link DisputeStage#of the stage its type stands for}
 * @param delivery          how it reached payhook: {@link #PUSH} (a webhook), {@link #POLL} (the recovery
 *                          job asked the provider's API), {@link #REQUEUE} (released from quarantine);
 *                          records written before it existed read as {@code push}
 */
public record PaymentEvent(
        String eventId,
        @JsonUnwrapped Origin origin,
        PaymentEventType type,
        String paymentId,
        String orderId,
        @JsonUnwrapped Amount value,
        @JsonUnwrapped Modifications modifications,
        @JsonUnwrapped Times times,
        JsonNode payload,
        String delivery,
        DisputeStage disputeStage) {

    /**
     * Where it came from: the configured source, its provider scheme, the provider's name for the event,
     * and the merchant account it belongs to.
     */
    public record Origin(String source, String provider, String providerEventType, String account) {}

    /** Minor units of the currency; either null when the provider sent none. */
    public record Amount(Long amount, String currency) {}

    /** The refund, dispute and capture it is about, where it names them. */
    public record Modifications(String refundId, String disputeId, String captureId) {}

    /** When the provider says it happened, and when payhook received it. */
    public record Times(Instant occurredAt, Instant receivedAt) {}

    public static final String PUSH = "push";
    public static final String POLL = "poll";
    public static final String REQUEUE = "requeue";

    /** An event of this type for this payment, as a webhook delivered it; the rest is said by name. */
    public static Builder of(String eventId, PaymentEventType type, String paymentId) {
        return new Builder(eventId, type, paymentId);
    }

    /** The same event, to change what a copy says. */
    public Builder toBuilder() {
        return new Builder(eventId, type, paymentId)
                .from(source(), provider(), providerEventType())
                .account(account())
                .orderId(orderId)
                .money(amount(), currency())
                .refundId(refundId())
                .disputeId(disputeId())
                .captureId(captureId())
                .times(occurredAt(), receivedAt())
                .payload(payload)
                .delivery(delivery)
                .disputeStage(disputeStage);
    }

    /** The same event, as it reached payhook another way. */
    public PaymentEvent deliveredBy(String how) {
        return toBuilder().delivery(how).build();
    }

    /** The same event, in the source's configured account when the event itself named none. */
    public PaymentEvent inAccountByDefault(String sourceAccount) {
        return account() != null || sourceAccount == null
                ? this
                : toBuilder().account(sourceAccount).build();
    }

    /** The same event, at the dispute stage its provider named. */
    public PaymentEvent atDisputeStage(DisputeStage stage) {
        return toBuilder().disputeStage(stage).build();
    }

    /** Builds an event by name: a mapper says what its provider told, and nothing by position. */
    public static final class Builder {

        private final String eventId;
        private final PaymentEventType type;
        private final String paymentId;
        private String source;
        private String provider;
        private String providerEventType;
        private String account;
        private String orderId;
        private Long amount;
        private String currency;
        private String refundId;
        private String disputeId;
        private String captureId;
        private Instant occurredAt;
        private Instant receivedAt;
        private JsonNode payload;
        private String delivery = PUSH;
        private DisputeStage disputeStage;

        private Builder(String eventId, PaymentEventType type, String paymentId) {
            this.eventId = eventId;
            this.type = type;
            this.paymentId = paymentId;
        }

        /** The source it arrived on, that source's provider scheme, and the provider's name for the event. */
        public Builder from(String source, String provider, String providerEventType) {
            this.source = source;
            this.provider = provider;
            this.providerEventType = providerEventType;
            return this;
        }

        /** The merchant account the provider says the event belongs to; null when it does not say. */
        public Builder account(String account) {
            this.account = account;
            return this;
        }

        public Builder orderId(String orderId) {
            this.orderId = orderId;
            return this;
        }

        /** Minor units of the currency; either may be null when the provider sent none. */
        public Builder money(Long amount, String currency) {
            this.amount = amount;
            this.currency = currency;
            return this;
        }

        public Builder refundId(String refundId) {
            this.refundId = refundId;
            return this;
        }

        public Builder disputeId(String disputeId) {
            this.disputeId = disputeId;
            return this;
        }

        public Builder captureId(String captureId) {
            this.captureId = captureId;
            return this;
        }

        /** When the provider says it happened, and when payhook received it. */
        public Builder times(Instant occurredAt, Instant receivedAt) {
            this.occurredAt = occurredAt;
            this.receivedAt = receivedAt;
            return this;
        }

        public Builder payload(JsonNode payload) {
            this.payload = payload;
            return this;
        }

        public Builder delivery(String delivery) {
            this.delivery = delivery;
            return this;
        }

        public Builder disputeStage(DisputeStage disputeStage) {
            this.disputeStage = disputeStage;
            return this;
        }

        /** @throws IllegalArgumentException as the record's constructor does, for an event that cannot be */
        public PaymentEvent build() {
            return new PaymentEvent(
                    eventId,
                    new Origin(source, provider, providerEventType, account),
                    type,
                    paymentId,
                    orderId,
                    new Amount(amount, currency),
                    new Modifications(refundId, disputeId, captureId),
                    new Times(occurredAt, receivedAt),
                    payload,
                    delivery,
                    disputeStage);
        }
    }

    /**
     * The flat object as it is published, read field by field by name. Jackson reads it into this and
     * then the event, rather than into the unwrapped records directly: that buffers every field, the
     * provider's raw payload too, and reads each record again from the buffer (the processor's profile
     * showed it: BENCHMARKS.md, "Issue 34, session 16").
     */
    record Wire(
            String eventId,
            String source,
            String provider,
            String providerEventType,
            String account,
            PaymentEventType type,
            String paymentId,
            String orderId,
            Long amount,
            String currency,
            String refundId,
            String disputeId,
            String captureId,
            Instant occurredAt,
            Instant receivedAt,
            JsonNode payload,
            String delivery,
            DisputeStage disputeStage) {}

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static PaymentEvent read(Wire wire) {
        return new PaymentEvent(
                wire.eventId(),
                new Origin(wire.source(), wire.provider(), wire.providerEventType(), wire.account()),
                wire.type(),
                wire.paymentId(),
                wire.orderId(),
                new Amount(wire.amount(), wire.currency()),
                new Modifications(wire.refundId(), wire.disputeId(), wire.captureId()),
                new Times(wire.occurredAt(), wire.receivedAt()),
                wire.payload(),
                wire.delivery(),
                wire.disputeStage());
    }

    /**
     * Reads events without their provider's raw JSON, for a consumer that routes and applies events but
     * never reads it (the processor): the payload is skipped unparsed and reads as null.
     */
    public static final Deserializer<PaymentEvent> WITHOUT_PAYLOAD = new PaymentEventReader();

    public PaymentEvent {
        origin = origin == null ? new Origin(null, null, null, null) : origin;
        value = value == null ? new Amount(null, null) : value;
        modifications = modifications == null ? new Modifications(null, null, null) : modifications;
        times = times == null ? new Times(null, null) : times;
        delivery = delivery == null ? PUSH : delivery;
        if (!delivery.equals(PUSH) && !delivery.equals(POLL) && !delivery.equals(REQUEUE)) {
            throw new IllegalArgumentException(
                    "delivery must be push, poll or requeue, not " + Money.abbreviate(delivery));
        }
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(paymentId, "paymentId");
        Identifiers.bounded("eventId", eventId);
        Identifiers.bounded("paymentId", paymentId);
        Identifiers.bounded("orderId", orderId);
        Identifiers.bounded("refundId", modifications.refundId());
        Identifiers.bounded("disputeId", modifications.disputeId());
        Identifiers.bounded("captureId", modifications.captureId());
        Identifiers.bounded("providerEventType", origin.providerEventType());
        Identifiers.bounded("account", origin.account());
        if (value.currency() != null) {
            value = new Amount(value.amount(), Money.normalizeCurrency(value.currency()));
        }
        if (disputeStage != null && !type.isDispute()) {
            throw new IllegalArgumentException("only dispute events have a dispute stage, not " + type);
        }
        if (value.amount() != null && value.amount() < 0) {
            throw new IllegalArgumentException("amount must not be negative: " + value.amount());
        }
    }

    // Each field by its published name.

    public String source() {
        return origin.source();
    }

    public String provider() {
        return origin.provider();
    }

    public String providerEventType() {
        return origin.providerEventType();
    }

    public String account() {
        return origin.account();
    }

    public Long amount() {
        return value.amount();
    }

    public String currency() {
        return value.currency();
    }

    public String refundId() {
        return modifications.refundId();
    }

    public String disputeId() {
        return modifications.disputeId();
    }

    public String captureId() {
        return modifications.captureId();
    }

    public Instant occurredAt() {
        return times.occurredAt();
    }

    public Instant receivedAt() {
        return times.receivedAt();
    }

    /** How far the dispute this event is about has gone; null unless it is a dispute event. */
    public DisputeStage stageOfDispute() {
        if (!type.isDispute()) {
            return null;
        }
        return disputeStage != null ? disputeStage : DisputeStage.of(type);
    }
}
