package dev.payhook.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {

    private final JsonSerde<PaymentEvent> serde = JsonSerde.of(PaymentEvent.class);

    @Test
    void paymentEventRoundTripsWithWireNamesAndIsoTimes() {
        var payload = JsonSerde.MAPPER.readTree("{\"id\":\"evt_1\",\"nested\":{\"a\":[1,2]}}");
        var event = PaymentEvent.of("evt_1", PaymentEventType.CAPTURED, "pi_1")
                .from("stripe", "stripe", "payment_intent.succeeded")
                .orderId("ord_1")
                .money(2000L, "usd")
                .times(Instant.parse("2026-11-20T10:00:00Z"), Instant.parse("2026-11-20T10:00:01Z"))
                .payload(payload)
                .build();

        byte[] bytes = serde.serialize(Topics.WEBHOOKS, event);
        String json = new String(bytes, StandardCharsets.UTF_8);

        assertThat(json)
                .contains(
                        "\"type\":\"payment.captured\"",
                        "\"occurredAt\":\"2026-11-20T10:00:00Z\"",
                        "\"currency\":\"USD\"",
                        "\"amount\":2000");
        assertThat(serde.deserialize(Topics.WEBHOOKS, bytes)).isEqualTo(event);
    }

    @Test
    void invalidEventsAreSerializationErrors() {
        byte[] noPaymentId = "{\"eventId\":\"e\",\"type\":\"payment.created\"}".getBytes(StandardCharsets.UTF_8);
        byte[] unknownType =
                "{\"eventId\":\"e\",\"type\":\"payment.nope\",\"paymentId\":\"p\"}".getBytes(StandardCharsets.UTF_8);
        byte[] notJson = {(byte) 0xff, '{'};

        for (byte[] bad : new byte[][] {noPaymentId, unknownType, notJson}) {
            assertThatThrownBy(() -> serde.deserialize(Topics.WEBHOOKS, bad))
                    .isInstanceOf(SerializationException.class);
        }
    }
}
