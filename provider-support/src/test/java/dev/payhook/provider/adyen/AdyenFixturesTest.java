package dev.payhook.provider.adyen;

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

import com.adyen.model.notification.NotificationRequestItem;
import com.adyen.notification.WebhookHandler;
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

/** Every payment event code Adyen documents, in the shape its Java library parses. */
class AdyenFixturesTest {

    private static final String PAYMENT = "8835713480000001";

    static List<FixtureExpectation> fixtures() {
        return List.of(
                maps("authorisation", AUTHORIZED, PAYMENT).amount(10000),
                maps("authorisation-refused", FAILED, "8835713480000009"),
                maps("authorisation-adjustment", AUTHORIZED, PAYMENT).amount(12000),
                maps("pending", CREATED, "8835713480000010"),
                maps("manual-review-accept", AUTHORIZED, PAYMENT),
                maps("manual-review-reject", FAILED, "8835713480000011"),
                maps("capture", CAPTURED, PAYMENT).capture("8835713480000003"),
                notMapped("capture-refused", "refused (success=false)"),
                maps("capture-failed", FAILED, PAYMENT).capture("8835713480000003"),
                maps("cancellation", CANCELED, "8835713480000014"),
                maps("technical-cancel", CANCELED, "8835713480000016"),
                maps("expire", CANCELED, "8835713480000018"),
                maps("offer-closed", CANCELED, "8835713480000019"),
                maps("cancel-or-refund-refund", REFUNDED, PAYMENT).refund("8835713480000020"),
                maps("cancel-or-refund-cancel", CANCELED, "8835713480000022"),
                maps("refund", REFUNDED, PAYMENT).refund("8835713480000004").amount(4000),
                notMapped("refund-refused", "refused (success=false)"),
                maps("refund-failed", REFUND_REVERSED, PAYMENT).refund("8835713480000004"),
                maps("refunded-reversed", REFUND_REVERSED, PAYMENT).amount(3000),
                maps("refund-with-data", REFUNDED, "8835713480000024").refund("8835713480000024"),
                maps("void-pending-refund", REFUND_REVERSED, PAYMENT).amount(3000),
                maps("request-for-information", DISPUTE_OPENED, PAYMENT).atStage(DisputeStage.INQUIRY),
                maps("notification-of-chargeback", DISPUTE_OPENED, PAYMENT).atStage(DisputeStage.OPENED),
                maps("chargeback", DISPUTE_LOST, PAYMENT).atStage(DisputeStage.CHARGEBACK),
                notMapped("information-supplied", "does not move until a decision"),
                notMapped("dispute-defense-period-ended", "does not move until a decision"),
                maps("chargeback-reversed", DISPUTE_WON, PAYMENT).atStage(DisputeStage.CHARGEBACK_REVERSED),
                maps("second-chargeback", DISPUTE_LOST, PAYMENT).atStage(DisputeStage.SECOND_CHARGEBACK),
                maps("prearbitration-won", DISPUTE_WON, PAYMENT).atStage(DisputeStage.DECIDED_WON),
                maps("prearbitration-lost", DISPUTE_LOST, PAYMENT).atStage(DisputeStage.DECIDED_LOST));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void eachEventCodeMapsAsAdyenDefinesIt(FixtureExpectation expected) throws Exception {
        String body = WebhookFixtures.body("adyen", expected.fixture());

        Mapping mapping = new AdyenNotificationMapper().map(request("adyen", Map.of(), body, Instant.now()));

        expected.check(mapping);
        // Adyen's own library is the oracle for what the item says.
        NotificationRequestItem item = new WebhookHandler()
                .handleNotificationJson(body)
                .getNotificationItems()
                .get(0);
        for (PaymentEvent event : mapping.events()) {
            assertThat(event.providerEventType()).isEqualTo(item.getEventCode());
            assertThat(event.amount()).isEqualTo(item.getAmount().getValue());
            assertThat(event.currency()).isEqualTo(item.getAmount().getCurrency());
            assertThat(event.account()).isNotNull().isEqualTo(item.getMerchantAccountCode());
            assertThat(event.eventId())
                    .isEqualTo(item.getPspReference() + ":" + item.getEventCode() + ":" + item.isSuccess());
            assertThat(event.paymentId())
                    .isEqualTo(
                            item.getOriginalReference() != null ? item.getOriginalReference() : item.getPspReference());
        }
    }

    @org.junit.jupiter.api.Test
    void aReportAvailableAnnouncesTheSettlementDetailsReportAndMapsNoEvent() throws Exception {
        String body = WebhookFixtures.body("adyen", "report-available");

        Mapping mapping = new AdyenNotificationMapper().map(request("adyen", Map.of(), body, Instant.now()));

        assertThat(mapping.events()).isEmpty();
        assertThat(mapping.unmappable()).isEmpty();
        // Adyen's library reads the file name and its download URL from the same item.
        NotificationRequestItem item = new WebhookHandler()
                .handleNotificationJson(body)
                .getNotificationItems()
                .get(0);
        assertThat(mapping.announcements()).singleElement().satisfies(announced -> {
            assertThat(announced.reportId()).isEqualTo(item.getPspReference());
            assertThat(announced.url()).isEqualTo(item.getReason());
            assertThat(announced.reportType()).isEqualTo("settlement_detail_report");
            assertThat(announced.eventId()).isEqualTo(item.getPspReference() + ":REPORT_AVAILABLE");
        });
    }
}
