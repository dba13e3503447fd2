package dev.payhook.provider.razorpay;

import static dev.payhook.provider.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.PaymentEvent;
import dev.payhook.common.PaymentEventType;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RazorpayEventMapperTest {

    private final RazorpayEventMapper mapper = new RazorpayEventMapper();

    @Test
    void refundProcessedIsKeyedByThePaymentWithAnEventIdDerivedFromTheSignedBody() {
        String body =
                """
                {"entity":"event","event":"refund.processed","created_at":1795168800,"payload":{
                 "refund":{"entity":{"id":"rfnd_1","payment_id":"pay_1","amount":5000,"currency":"INR"}},
                 "payment":{"entity":{"id":"pay_1","amount":50000,"currency":"INR","order_id":"order_1"}}}}""";
        PaymentEvent event = mapper.map(
                        request("razorpay", Map.of("X-Razorpay-Event-Id", "evt_rzp_1"), body, Instant.now()))
                .events()
                .get(0);

        assertThat(event.eventId())
                .isEqualTo("sha256:" + dev.payhook.common.Sha256.hex(body).substring(0, 32));
        assertThat(event.type()).isEqualTo(PaymentEventType.REFUNDED);
        assertThat(event.paymentId()).isEqualTo("pay_1");
        assertThat(event.refundId()).isEqualTo("rfnd_1");
        assertThat(event.amount()).isEqualTo(5000);
        assertThat(event.orderId()).isEqualTo("order_1");
    }

    @Test
    void aReplayedBodyUnderAnotherEventIdHeaderIsTheSameEvent() {
        String body = "{\"event\":\"payment.captured\",\"created_at\":1795168800,\"payload\":{\"payment\":{\"entity\":"
                + "{\"id\":\"pay_1\",\"amount\":100,\"currency\":\"INR\"}}}}";
        String first = mapper.map(request("razorpay", Map.of("X-Razorpay-Event-Id", "evt_1"), body, Instant.now()))
                .events()
                .get(0)
                .eventId();
        String replayed = mapper.map(
                        request("razorpay", Map.of("X-Razorpay-Event-Id", "evt_forged_2"), body, Instant.now()))
                .events()
                .get(0)
                .eventId();

        assertThat(replayed).isEqualTo(first);
    }

    @Test
    void withoutTheEventIdHeaderItCannotBeDeduplicatedSoItIsUnmappable() {
        String body = "{\"event\":\"payment.captured\",\"payload\":{\"payment\":{\"entity\":{\"id\":\"pay_1\"}}}}";
        assertThat(mapper.map(request("razorpay", Map.of(), body, Instant.now()))
                        .unmappable())
                .hasSize(1);
    }
}
