package dev.payhook.provider.stripe;

import static dev.payhook.common.PaymentEventType.AUTHORIZED;
import static dev.payhook.common.PaymentEventType.CANCELED;
import static dev.payhook.common.PaymentEventType.CAPTURED;
import static dev.payhook.common.PaymentEventType.CREATED;
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

import com.stripe.model.Charge;
import com.stripe.model.Dispute;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.StripeObject;
import com.stripe.net.ApiResource;
import dev.payhook.common.DisputeStage;
import dev.payhook.common.PaymentEvent;
import dev.payhook.provider.FixtureExpectation;
import dev.payhook.provider.Mapping;
import dev.payhook.testkit.WebhookFixtures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every payment event type Stripe documents, modern and legacy shapes, parsed by stripe-java as the oracle. */
class StripeFixturesTest {

    private static final String INTENT = "pi_3QpayhookA1b2C3d4";
    private static final String CHARGE = "ch_3QpayhookA1b2C3d4";
    private static final String CHARGES_API = "ch_1QpayhookLegacy";

    static List<FixtureExpectation> fixtures() {
        return List.of(
                maps("payment_intent.created", CREATED, INTENT),
                maps("payment_intent.requires_action", CREATED, INTENT),
                maps("payment_intent.processing", CREATED, INTENT),
                maps("payment_intent.partially_funded", CREATED, INTENT),
                maps("payment_intent.amount_capturable_updated", AUTHORIZED, INTENT)
                        .amount(10000),
                maps("payment_intent.succeeded", CAPTURED, INTENT).amount(10000),
                // A Connect platform's copy of an event on a connected account names the account.
                maps("payment_intent.succeeded.connect", CAPTURED, INTENT).amount(10000),
                maps("payment_intent.payment_failed", FAILED, INTENT),
                maps("payment_intent.canceled", CANCELED, INTENT),
                maps("charge.pending", CREATED, INTENT),
                maps("charge.succeeded", CAPTURED, INTENT).capture(CHARGE).amount(10000),
                maps("charge.succeeded.uncaptured", AUTHORIZED, INTENT),
                maps("charge.captured", CAPTURED, INTENT).capture(CHARGE),
                maps("charge.failed", FAILED, INTENT),
                maps("charge.expired", CANCELED, INTENT),
                // Modern: amount_refunded and no refund list. It is the charge's refunded total.
                maps("charge.refunded", REFUNDED, INTENT).capture(CHARGE).amount(10000),
                maps("charge.refunded.legacy", REFUNDED, INTENT).capture(CHARGE).amount(3000),
                maps("refund.created", REFUNDED, INTENT)
                        .refund("re_3QpayhookR001")
                        .amount(3000),
                notMapped("refund.created.pending", "no money moves until it succeeds"),
                maps("refund.updated.failed", REFUND_REVERSED, INTENT).refund("re_3QpayhookR001"),
                maps("refund.failed", REFUND_REVERSED, INTENT).refund("re_3QpayhookR001"),
                maps("charge.refund.updated.canceled", REFUND_REVERSED, INTENT).refund("re_3QpayhookR001"),
                maps("charge.dispute.created.inquiry", DISPUTE_OPENED, INTENT).atStage(DisputeStage.INQUIRY),
                maps("charge.dispute.updated.inquiry", DISPUTE_OPENED, INTENT).atStage(DisputeStage.INQUIRY),
                maps("charge.dispute.closed.warning_closed", DISPUTE_WON, INTENT)
                        .atStage(DisputeStage.INQUIRY_CLOSED),
                maps("charge.dispute.created", DISPUTE_OPENED, INTENT).atStage(DisputeStage.OPENED),
                maps("charge.dispute.funds_withdrawn", DISPUTE_OPENED, INTENT).atStage(DisputeStage.OPENED),
                maps("charge.dispute.updated", DISPUTE_OPENED, INTENT).atStage(DisputeStage.OPENED),
                maps("charge.dispute.closed.won", DISPUTE_WON, INTENT).atStage(DisputeStage.DECIDED_WON),
                maps("charge.dispute.funds_reinstated", DISPUTE_WON, INTENT).atStage(DisputeStage.CHARGEBACK_REVERSED),
                maps("charge.dispute.closed.lost", DISPUTE_LOST, INTENT).atStage(DisputeStage.DECIDED_LOST),
                // Charges API: no PaymentIntent, so the charge is the payment, and its refunds and disputes follow it.
                maps("charge.succeeded.charges-api", CAPTURED, CHARGES_API).capture(CHARGES_API),
                maps("charge.refunded.charges-api", REFUNDED, CHARGES_API).capture(CHARGES_API),
                maps("charge.dispute.created.charges-api", DISPUTE_OPENED, CHARGES_API)
                        .atStage(DisputeStage.OPENED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void eachEventTypeMapsAsStripeDefinesIt(FixtureExpectation expected) throws Exception {
        String body = WebhookFixtures.body("stripe", expected.fixture());

        Mapping mapping = new StripeEventMapper().map(request("stripe", Map.of(), body, Instant.now()));

        expected.check(mapping);
        // stripe-java reads the same bytes: the ids and amounts are what Stripe's own model says they are.
        Event event = ApiResource.GSON.fromJson(body, Event.class);
        StripeObject object = event.getDataObjectDeserializer().deserializeUnsafe();
        for (PaymentEvent mapped : mapping.events()) {
            assertThat(mapped.eventId()).isEqualTo(event.getId());
            assertThat(mapped.providerEventType()).isEqualTo(event.getType());
            assertThat(mapped.occurredAt()).isEqualTo(Instant.ofEpochSecond(event.getCreated()));
            assertThat(mapped.account()).isEqualTo(event.getAccount());
            if (object instanceof PaymentIntent intent) {
                assertThat(mapped.paymentId()).isEqualTo(intent.getId());
            } else if (object instanceof Charge charge) {
                assertThat(mapped.paymentId())
                        .isEqualTo(charge.getPaymentIntent() != null ? charge.getPaymentIntent() : charge.getId());
                if (mapped.type() == REFUNDED) {
                    assertThat(mapped.amount()).isEqualTo(charge.getAmountRefunded());
                }
            } else if (object instanceof Refund refund) {
                assertThat(mapped.refundId()).isEqualTo(refund.getId());
                assertThat(mapped.amount()).isEqualTo(refund.getAmount());
                assertThat(mapped.paymentId()).isEqualTo(refund.getPaymentIntent());
            } else if (object instanceof Dispute dispute) {
                assertThat(mapped.disputeId()).isEqualTo(dispute.getId());
                assertThat(mapped.amount()).isEqualTo(dispute.getAmount());
                assertThat(mapped.paymentId())
                        .isEqualTo(
                                dispute.getPaymentIntent() != null ? dispute.getPaymentIntent() : dispute.getCharge());
            } else {
                throw new AssertionError("unexpected object " + object.getClass());
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aSucceededReportRunIsAnnouncedWithItsFileAndIntervalAndMapsNoEvent() throws Exception {
        String body = WebhookFixtures.body("stripe", "reporting.report_run.succeeded");
        Instant received = Instant.parse("2026-11-22T12:00:00Z");

        var request = request("stripe", Map.of(), body, received);
        Mapping mapping = new StripeEventMapper().map(request);

        assertThat(mapping.events()).isEmpty();
        assertThat(mapping.unmappable()).isEmpty();
        // stripe-java's model of the same bytes is the oracle for the run, its file and its interval.
        Event event = ApiResource.GSON.fromJson(body, Event.class);
        com.stripe.model.reporting.ReportRun run = (com.stripe.model.reporting.ReportRun)
                event.getDataObjectDeserializer().deserializeUnsafe();
        assertThat(mapping.announcements()).singleElement().satisfies(announced -> {
            assertThat(announced.source()).isEqualTo(request.source());
            assertThat(announced.reportId()).isEqualTo(run.getId());
            assertThat(announced.reportType()).isEqualTo(run.getReportType());
            assertThat(announced.url()).isEqualTo(run.getResult().getUrl());
            assertThat(announced.intervalStart())
                    .isEqualTo(Instant.ofEpochSecond(run.getParameters().getIntervalStart()));
            assertThat(announced.intervalEnd())
                    .isEqualTo(Instant.ofEpochSecond(run.getParameters().getIntervalEnd()));
            assertThat(announced.eventId()).isEqualTo(event.getId());
            assertThat(announced.announcedAt()).isEqualTo(received);
        });
    }
}
