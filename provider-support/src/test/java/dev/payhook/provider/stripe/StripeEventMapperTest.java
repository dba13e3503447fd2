package dev.payhook.provider.stripe;

import static dev.payhook.provider.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.model.Charge;
import com.stripe.model.Event;
import com.stripe.net.ApiResource;
import dev.payhook.common.PaymentEvent;
import dev.payhook.common.PaymentEventType;
import dev.payhook.provider.Mapping;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StripeEventMapperTest {

    private final StripeEventMapper mapper = new StripeEventMapper();

    private Mapping map(String json) {
        return mapper.map(request("stripe", Map.of(), json, Instant.parse("2026-11-20T10:00:05Z")));
    }

    @Test
    void paymentIntentSucceededIsACaptureKeyedByTheIntent() {
        Mapping mapping = map(
                """
                {"id":"evt_1","type":"payment_intent.succeeded","created":1795168800,
                 "data":{"object":{"id":"pi_1","object":"payment_intent","amount":2000,"amount_received":2000,
                 "currency":"usd","metadata":{"order_id":"ord_9"}}}}""");

        PaymentEvent event = mapping.events().get(0);
        assertThat(event.eventId()).isEqualTo("evt_1");
        assertThat(event.type()).isEqualTo(PaymentEventType.CAPTURED);
        assertThat(event.paymentId()).isEqualTo("pi_1");
        assertThat(event.amount()).isEqualTo(2000);
        assertThat(event.currency()).isEqualTo("USD");
        assertThat(event.orderId()).isEqualTo("ord_9");
        assertThat(event.occurredAt()).isEqualTo(Instant.ofEpochSecond(1795168800));
        assertThat(event.payload().path("data").path("object").path("id").asString())
                .isEqualTo("pi_1");
    }

    @Test
    void aCaptureOnAChargeNamesTheChargeAndCountsWhatItCapturedSoFarAsStripesModelReadsIt() throws Exception {
        // The second partial capture of a multicapture charge: amount_captured is the charge's running total.
        String json =
                """
                {"id":"evt_4","object":"event","type":"charge.captured","created":1795168900,
                 "api_version":"2025-10-29.clover","data":{"object":{"id":"ch_1","object":"charge",
                 "amount":10000,"amount_captured":7000,"captured":true,
                 "currency":"eur","payment_intent":"pi_1","metadata":{}}}}""";
        Charge charge = (Charge) ApiResource.GSON
                .fromJson(json, Event.class)
                .getDataObjectDeserializer()
                .deserializeUnsafe();

        PaymentEvent event = map(json).events().get(0);

        assertThat(event.type()).isEqualTo(PaymentEventType.CAPTURED);
        assertThat(event.paymentId()).isEqualTo(charge.getPaymentIntent());
        assertThat(event.captureId()).isEqualTo(charge.getId());
        assertThat(event.amount()).isEqualTo(charge.getAmountCaptured());
        assertThat(
                        map("""
                {"id":"evt_5","type":"payment_intent.succeeded","created":1,"data":{"object":{"id":"pi_1",
                 "object":"payment_intent","amount":10000,"amount_received":10000,"currency":"eur"}}}""")
                                .events()
                                .get(0)
                                .captureId())
                .as("the PaymentIntent's amount_received is the payment's total, not one capture")
                .isNull();
    }

    @Test
    void refundsAndDisputesAreKeyedByTheirPaymentIntentAndCarryTheirOwnId() {
        PaymentEvent refund =
                map("""
                {"id":"evt_2","type":"refund.created","created":1,"data":{"object":{"id":"re_1","object":"refund",
                 "amount":500,"currency":"jpy","payment_intent":"pi_1","status":"succeeded"}}}""")
                        .events()
                        .get(0);
        PaymentEvent dispute =
                map("""
                {"id":"evt_3","type":"charge.dispute.closed","created":1,
                 "data":{"object":{"id":"dp_1","object":"dispute",
                 "amount":2000,"currency":"usd","payment_intent":"pi_1","status":"lost"}}}""")
                        .events()
                        .get(0);

        assertThat(refund.type()).isEqualTo(PaymentEventType.REFUNDED);
        assertThat(refund.paymentId()).isEqualTo("pi_1");
        assertThat(refund.refundId()).isEqualTo("re_1");
        assertThat(refund.amount()).isEqualTo(500);
        assertThat(dispute.type()).isEqualTo(PaymentEventType.DISPUTE_LOST);
        assertThat(dispute.disputeId()).isEqualTo("dp_1");
    }

    @Test
    void eventsThatAreNotPaymentStateChangesAreUnmappable() {
        assertThat(map("{\"id\":\"evt_4\",\"type\":\"customer.created\",\"data\":{\"object\":{\"id\":\"cus_1\"}}}")
                        .unmappable())
                .singleElement()
                .asString()
                .contains("customer.created");
        assertThat(map("{\"id\":\"evt_5\",\"type\":\"charge.succeeded\",\"data\":{\"object\":{\"id\":\"ch_1\","
                                + "\"captured\":true}}}")
                        .unmappable())
                .singleElement()
                .asString()
                .contains("payment_intent");
        assertThat(map("{\"id\":\"evt_6\",\"type\":\"refund.created\",\"data\":{\"object\":{\"id\":\"re_1\","
                                + "\"status\":\"pending\",\"payment_intent\":\"pi_1\"}}}")
                        .unmappable())
                .hasSize(1);
        assertThat(map("not json").unmappable()).hasSize(1);
    }
}
