package dev.payhook.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The processor's reader must read every event exactly as the general reader (Jackson's bean path)
 * does, less the payload: the same event, or the same error. Events as payhook writes them are read
 * by its streaming path; anything else falls to the general reader.
 */
class PaymentEventReaderTest {

    private static final JsonSerde<PaymentEvent> EVENTS = JsonSerde.of(PaymentEvent.class);
    private static final PaymentEventReader READER = new PaymentEventReader();

    private static PaymentEvent everyField(JsonNode payload) {
        return PaymentEvent.of(
                        "evt_1NirD82eZvKYlo2CIvbtLWuY", PaymentEventType.DISPUTE_LOST, "pi_3MtwBwLkdIwHu7ix28a3tqPa")
                .from("stripe-eu", "stripe", "charge.dispute.closed")
                .account("acct_1032D82eZvKYlo2C")
                .orderId("ord_\"quoted\"\\é")
                .money(Long.MAX_VALUE, "eur")
                .refundId("re_1")
                .disputeId("du_1")
                .captureId("ch_1")
                .times(Instant.parse("2026-11-20T10:00:00.123456789Z"), Instant.parse("2026-11-20T10:00:01Z"))
                .payload(payload)
                .delivery(PaymentEvent.POLL)
                .disputeStage(DisputeStage.SECOND_CHARGEBACK)
                .build();
    }

    private static List<PaymentEvent> asPayhookWritesThem() {
        JsonNode stripe = JsonSerde.MAPPER.readTree(
                "{\"id\":\"evt_1\",\"object\":\"event\",\"data\":{\"object\":{\"amount\":2000,\"metadata\":{},"
                        + "\"charges\":[{\"id\":\"ch_1\",\"refunds\":[]}],\"fee\":1.50,\"paid\":true,\"x\":null}}}");
        List<PaymentEvent> events = new ArrayList<>();
        events.add(everyField(stripe));
        events.add(everyField(JsonSerde.MAPPER.readTree("[1,\"two\",{\"three\":[]}]")));
        events.add(everyField(JsonSerde.MAPPER.readTree("\"text\"")));
        events.add(everyField(null));
        for (PaymentEventType type : PaymentEventType.values()) {
            events.add(PaymentEvent.of("evt_" + type, type, "pay_1").build());
        }
        for (DisputeStage stage : DisputeStage.values()) {
            events.add(PaymentEvent.of("evt_" + stage, PaymentEventType.DISPUTE_OPENED, "pay_1")
                    .disputeStage(stage)
                    .money(0L, "JPY")
                    .build());
        }
        return events;
    }

    @Test
    void eventsAsPayhookWritesThemAreReadByTheStreamingPathLessTheirPayload() {
        for (PaymentEvent event : asPayhookWritesThem()) {
            byte[] bytes = EVENTS.toBytes(event);
            PaymentEvent withoutPayload = event.toBuilder().payload(null).build();

            assertThat(PaymentEventReader.read(bytes)).isEqualTo(withoutPayload);
            assertThat(READER.deserialize(Topics.WEBHOOKS, bytes)).isEqualTo(withoutPayload);
        }
    }

    /** A field added to the event and not to the streaming path would send every event to the slow path. */
    @Test
    void theStreamingPathKnowsEveryFieldTheEventWrites() {
        byte[] bytes = EVENTS.toBytes(everyField(JsonSerde.MAPPER.readTree("{}")));
        Set<String> written = new TreeSet<>();
        JsonSerde.MAPPER.readTree(bytes).propertyNames().forEach(written::add);
        Set<String> wire = new TreeSet<>();
        Arrays.stream(PaymentEvent.Wire.class.getRecordComponents()).forEach(c -> wire.add(c.getName()));

        assertThat(written).isEqualTo(wire);
        assertThat(PaymentEventReader.read(bytes)).isNotNull();
    }

    @Test
    void anythingElseIsDecidedAsTheGeneralReaderDecidesIt() {
        String valid = "\"eventId\":\"e\",\"type\":\"payment.captured\",\"paymentId\":\"p\"";
        List<String> others = List.of(
                "{" + valid + ",\"amount\":\"1234\"}",
                "{" + valid + ",\"amount\":12.50}",
                "{" + valid + ",\"amount\":123456789012345678901234567890}",
                "{" + valid + ",\"amount\":-1}",
                "{" + valid + ",\"amount\":true}",
                "{" + valid + ",\"occurredAt\":1700000000}",
                "{" + valid + ",\"occurredAt\":\"2026-11-20T11:00:00+01:00\"}",
                "{" + valid + ",\"occurredAt\":\"yesterday\"}",
                "{" + valid + ",\"orderId\":42}",
                "{" + valid + ",\"orderId\":{\"id\":1}}",
                "{" + valid + ",\"currency\":\"euro\"}",
                "{" + valid + ",\"delivery\":\"carrier-pigeon\"}",
                "{" + valid + ",\"disputeStage\":\"CHARGEBACK\"}",
                "{" + valid + ",\"addedByANewerProducer\":{\"a\":[1]}}",
                "{" + valid + ",\"eventId\":\"second\"}",
                "{" + valid + ",\"payload\":" + "[".repeat(2_000) + "]".repeat(2_000) + "}",
                "{" + valid + "} trailing",
                "{" + valid + "}{}",
                "{" + valid,
                "{\"type\":\"payment.nope\",\"eventId\":\"e\",\"paymentId\":\"p\"}",
                "{\"type\":null,\"eventId\":\"e\",\"paymentId\":\"p\"}",
                "{\"eventId\":\"e\",\"type\":\"payment.captured\"}",
                "[]",
                "\"text\"",
                "null",
                "",
                "\u00ff{");
        for (String other : others) {
            byte[] bytes = other.getBytes(StandardCharsets.UTF_8);
            assertThat(outcome(READER, bytes)).as(other).isEqualTo(outcome(general(), bytes));
        }
    }

    private static org.apache.kafka.common.serialization.Deserializer<PaymentEvent> general() {
        return EVENTS.ignoring(PaymentEvent.Wire.class, "payload");
    }

    /** The event read, or the error's class and message (the dead letter keeps the message). */
    private static String outcome(org.apache.kafka.common.serialization.Deserializer<PaymentEvent> reader, byte[] b) {
        try {
            return String.valueOf(reader.deserialize(Topics.WEBHOOKS, b));
        } catch (SerializationException e) {
            return e.getClass().getName() + ": " + e.getMessage() + " / " + e.getCause();
        }
    }
}
