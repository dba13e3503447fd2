package dev.payhook.provider.standardwebhooks;

import static dev.payhook.provider.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.PaymentEvent;
import dev.payhook.common.PaymentEventType;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandardWebhooksEventMapperTest {

    private final StandardWebhooksEventMapper mapper = new StandardWebhooksEventMapper();

    @Test
    void canonicalPayloadMapsWithTheWebhookIdAsEventId() {
        String body = "{\"type\":\"payment.captured\",\"timestamp\":\"2026-11-20T10:00:00Z\","
                + "\"data\":{\"paymentId\":\"pay_1\",\"amount\":1500,\"currency\":\"EUR\","
                + "\"orderId\":\"ord_1\"}}";
        PaymentEvent event = mapper.map(request("standard-webhooks", Map.of("svix-id", "msg_1"), body, Instant.now()))
                .events()
                .get(0);

        assertThat(event.eventId()).isEqualTo("msg_1");
        assertThat(event.type()).isEqualTo(PaymentEventType.CAPTURED);
        assertThat(event.amount()).isEqualTo(1500);
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
    }

    /**
     * {@code data.account} names the merchant account; a payload without one takes the source's
     * configured account, and one that names its own keeps it.
     */
    @Test
    void theAccountIsTheEventsOwnElseTheSources() {
        String named = "{\"type\":\"payment.captured\",\"data\":{\"paymentId\":\"pay_1\",\"amount\":3000,"
                + "\"currency\":\"EUR\",\"account\":\"merchant-de\"}}";
        String unnamed = "{\"type\":\"payment.captured\",\"data\":{\"paymentId\":\"pay_2\",\"amount\":3000,"
                + "\"currency\":\"EUR\"}}";

        PaymentEvent own = mapper.map(request("standard-webhooks", Map.of("webhook-id", "msg_a"), named, Instant.now()))
                .inAccountByDefault("merchant-fr")
                .events()
                .get(0);
        PaymentEvent sources = mapper.map(
                        request("standard-webhooks", Map.of("webhook-id", "msg_b"), unnamed, Instant.now()))
                .inAccountByDefault("merchant-fr")
                .events()
                .get(0);
        PaymentEvent none = mapper.map(
                        request("standard-webhooks", Map.of("webhook-id", "msg_c"), unnamed, Instant.now()))
                .inAccountByDefault(null)
                .events()
                .get(0);

        assertThat(own.account()).isEqualTo("merchant-de");
        assertThat(sources.account()).isEqualTo("merchant-fr");
        assertThat(none.account()).isNull();
    }

    @Test
    void aPartialCaptureNamesItsCapture() {
        String body = "{\"type\":\"payment.captured\",\"data\":{\"paymentId\":\"pay_1\",\"amount\":3000,"
                + "\"currency\":\"EUR\",\"captureId\":\"cap_1\"}}";
        PaymentEvent event = mapper.map(
                        request("standard-webhooks", Map.of("webhook-id", "msg_3"), body, Instant.now()))
                .events()
                .get(0);

        assertThat(event.captureId()).isEqualTo("cap_1");
        assertThat(event.amount()).isEqualTo(3000);
    }

    @Test
    void unknownTypesAndDecimalAmountsAreUnmappable() {
        var headers = Map.of("webhook-id", "msg_2");
        assertThat(mapper.map(request(
                                "standard-webhooks",
                                headers,
                                "{\"type\":\"invoice.paid\",\"data\":{\"paymentId\":\"p\"}}",
                                Instant.now()))
                        .unmappable())
                .hasSize(1);
        assertThat(mapper.map(request(
                                "standard-webhooks",
                                headers,
                                "{\"type\":\"payment.captured\",\"data\":{\"paymentId\":\"p\",\"amount\":15.00}}",
                                Instant.now()))
                        .unmappable())
                .hasSize(1);
    }
}
