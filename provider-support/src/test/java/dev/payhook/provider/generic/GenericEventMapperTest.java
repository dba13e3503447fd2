package dev.payhook.provider.generic;

import static dev.payhook.provider.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.PaymentEvent;
import dev.payhook.common.PaymentEventType;
import dev.payhook.provider.Mapping;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GenericEventMapperTest {

    private final GenericEventMapper mapper = new GenericEventMapper();

    private Mapping map(String json) {
        return mapper.map(request("generic-hmac", Map.of(), json, Instant.now()));
    }

    @Test
    void seedPayloadMapsMajorUnitsToMinorUnitsByCurrencyExponent() {
        PaymentEvent usd = map("{\"event\":\"payment.updated\",\"timestamp\":\"2026-11-20T10:00:00Z\","
                        + "\"data\":{\"paymentId\":\"pay_1\",\"status\":\"completed\",\"amount\":100.00,"
                        + "\"currency\":\"USD\",\"orderId\":\"ord_1\"}}")
                .events()
                .get(0);
        PaymentEvent usdCents = map("{\"data\":{\"paymentId\":\"pay_2\",\"status\":\"completed\",\"amount\":19.99,"
                        + "\"currency\":\"USD\"}}")
                .events()
                .get(0);
        PaymentEvent jpy = map("{\"data\":{\"paymentId\":\"pay_3\",\"status\":\"authorized\",\"amount\":1500,"
                        + "\"currency\":\"JPY\"}}")
                .events()
                .get(0);
        PaymentEvent kwd = map("{\"data\":{\"paymentId\":\"pay_4\",\"status\":\"completed\",\"amount\":1.234,"
                        + "\"currency\":\"KWD\"}}")
                .events()
                .get(0);

        assertThat(usd.amount()).isEqualTo(10_000);
        assertThat(usd.type()).isEqualTo(PaymentEventType.CAPTURED);
        assertThat(usd.occurredAt()).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
        assertThat(usdCents.amount()).isEqualTo(1999);
        assertThat(jpy.amount()).isEqualTo(1500);
        assertThat(kwd.amount()).isEqualTo(1234);
    }

    @Test
    void aPartialCaptureNamesItsCapture() {
        PaymentEvent partial = map("{\"id\":\"msg_1\",\"data\":{\"paymentId\":\"pay_1\",\"status\":\"completed\","
                        + "\"amount\":30.00,\"currency\":\"EUR\",\"captureId\":\"cap_1\"}}")
                .events()
                .get(0);
        PaymentEvent whole = map("{\"id\":\"msg_2\",\"data\":{\"paymentId\":\"pay_1\",\"status\":\"completed\","
                        + "\"amount\":100.00,\"currency\":\"EUR\"}}")
                .events()
                .get(0);

        assertThat(partial.captureId()).isEqualTo("cap_1");
        assertThat(partial.amount()).isEqualTo(3_000);
        assertThat(whole.captureId()).isNull();
    }

    @Test
    void withoutAnIdTheSameContentGetsTheSameEventIdWhateverTheKeyOrder() {
        PaymentEvent a = map("{\"event\":\"payment.updated\",\"data\":{\"paymentId\":\"p\",\"status\":\"failed\","
                        + "\"amount\":1.00,\"currency\":\"EUR\"}}")
                .events()
                .get(0);
        PaymentEvent b =
                map("{\"data\":{\"currency\":\"EUR\",\"amount\":1.00,\"status\":\"failed\",\"paymentId\":\"p\"},"
                                + "\"event\":\"payment.updated\"}")
                        .events()
                        .get(0);
        PaymentEvent c = map("{\"event\":\"payment.updated\",\"data\":{\"paymentId\":\"p\",\"status\":\"failed\","
                        + "\"amount\":2.00,\"currency\":\"EUR\"}}")
                .events()
                .get(0);
        PaymentEvent withId = map("{\"id\":\"evt_9\",\"data\":{\"paymentId\":\"p\",\"status\":\"failed\"}}")
                .events()
                .get(0);

        assertThat(a.eventId()).startsWith("sha256:").isEqualTo(b.eventId()).isNotEqualTo(c.eventId());
        assertThat(withId.eventId()).isEqualTo("evt_9");
    }

    @Test
    void unknownStatusMissingPaymentAndInexactAmountsAreUnmappable() {
        assertThat(map("{\"data\":{\"paymentId\":\"p\",\"status\":\"teleported\"}}")
                        .unmappable())
                .hasSize(1);
        assertThat(map("{\"data\":{\"status\":\"completed\"}}").unmappable()).hasSize(1);
        assertThat(map("{\"data\":{\"paymentId\":\"p\",\"status\":\"completed\",\"amount\":1}}")
                        .unmappable())
                .hasSize(1);
    }
}
