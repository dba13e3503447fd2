package dev.payhook.provider.razorpay;

import static dev.payhook.common.PaymentEventType.AUTHORIZED;
import static dev.payhook.common.PaymentEventType.CAPTURED;
import static dev.payhook.common.PaymentEventType.DISPUTE_LOST;
import static dev.payhook.common.PaymentEventType.DISPUTE_OPENED;
import static dev.payhook.common.PaymentEventType.DISPUTE_WON;
import static dev.payhook.common.PaymentEventType.FAILED;
import static dev.payhook.common.PaymentEventType.REFUNDED;
import static dev.payhook.common.PaymentEventType.REFUND_REVERSED;
import static dev.payhook.provider.FixtureExpectation.maps;
import static dev.payhook.provider.FixtureExpectation.notMapped;
import static dev.payhook.provider.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.razorpay.Dispute;
import com.razorpay.Payment;
import com.razorpay.Refund;
import dev.payhook.common.DisputeStage;
import dev.payhook.common.PaymentEvent;
import dev.payhook.provider.FixtureExpectation;
import dev.payhook.provider.Mapping;
import dev.payhook.testkit.WebhookFixtures;
import java.time.Instant;
import java.util.List;
import org.json.JSONObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Razorpay's payment, order, refund and dispute webhooks, read by razorpay-java's entities as the oracle. */
class RazorpayFixturesTest {

    private static final String PAYMENT = "pay_PayhookRzp0001";

    static List<FixtureExpectation> fixtures() {
        return List.of(
                maps("payment.authorized", AUTHORIZED, PAYMENT),
                // razorpay-python's own sample: the event says authorized, the payment entity says captured.
                maps("payment.authorized.entity-captured", CAPTURED, PAYMENT),
                maps("payment.captured", CAPTURED, PAYMENT).amount(50000),
                maps("payment.failed", FAILED, PAYMENT),
                maps("order.paid", CAPTURED, PAYMENT),
                notMapped("refund.created", "moves no money until it is processed"),
                maps("refund.processed", REFUNDED, PAYMENT)
                        .refund("rfnd_PayhookRzp001")
                        .amount(20000),
                maps("refund.failed", REFUND_REVERSED, PAYMENT).refund("rfnd_PayhookRzp001"),
                notMapped("refund.speed_changed", "no money moved"),
                maps("payment.dispute.created", DISPUTE_OPENED, PAYMENT).atStage(DisputeStage.OPENED),
                maps("payment.dispute.under_review", DISPUTE_OPENED, PAYMENT).atStage(DisputeStage.OPENED),
                maps("payment.dispute.action_required", DISPUTE_OPENED, PAYMENT).atStage(DisputeStage.OPENED),
                maps("payment.dispute.won", DISPUTE_WON, PAYMENT).atStage(DisputeStage.DECIDED_WON),
                maps("payment.dispute.lost", DISPUTE_LOST, PAYMENT).atStage(DisputeStage.DECIDED_LOST),
                // A fraud-phase dispute closed with nothing deducted: an inquiry that ended.
                maps("payment.dispute.closed", DISPUTE_WON, PAYMENT).atStage(DisputeStage.INQUIRY_CLOSED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void eachEventMapsAsRazorpayDefinesIt(FixtureExpectation expected) throws Exception {
        var signed = WebhookFixtures.signed("razorpay", expected.fixture());

        Mapping mapping =
                new RazorpayEventMapper().map(request("razorpay", signed.headers(), signed.body(), Instant.now()));

        expected.check(mapping);
        JSONObject payload = new JSONObject(signed.body()).getJSONObject("payload");
        for (PaymentEvent event : mapping.events()) {
            assertThat(event.account()).isNotNull().isEqualTo(new JSONObject(signed.body()).getString("account_id"));
            Payment payment = new Payment(payload.getJSONObject("payment").getJSONObject("entity"));
            assertThat(event.paymentId()).isEqualTo(payment.get("id"));
            if (payload.has("refund") && event.refundId() != null) {
                Refund refund = new Refund(payload.getJSONObject("refund").getJSONObject("entity"));
                assertThat(event.refundId()).isEqualTo(refund.get("id"));
                assertThat(event.amount()).isEqualTo(((Number) refund.get("amount")).longValue());
            }
            if (payload.has("dispute")) {
                Dispute dispute = new Dispute(payload.getJSONObject("dispute").getJSONObject("entity"));
                assertThat(event.disputeId()).isEqualTo(dispute.get("id"));
                assertThat(event.paymentId()).isEqualTo(dispute.get("payment_id"));
            }
        }
    }
}
