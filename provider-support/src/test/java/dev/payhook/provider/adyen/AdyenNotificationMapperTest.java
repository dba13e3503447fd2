package dev.payhook.provider.adyen;

import static dev.payhook.provider.Requests.request;
import static dev.payhook.provider.adyen.AdyenNotifications.KEY;
import static dev.payhook.provider.adyen.AdyenNotifications.item;
import static dev.payhook.provider.adyen.AdyenNotifications.json;
import static dev.payhook.provider.adyen.AdyenNotifications.notification;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.PaymentEventType;
import dev.payhook.provider.Mapping;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdyenNotificationMapperTest {

    private final AdyenNotificationMapper mapper = new AdyenNotificationMapper();

    @Test
    void eachItemBecomesOneEventWithDerivedIdAndOriginalReferenceAsPayment() throws Exception {
        String body = notification(List.of(
                json(item("PSP_AUTH", null, "AUTHORISATION", true, 1000, "EUR"), KEY),
                json(item("PSP_CAPT", "PSP_AUTH", "CAPTURE", true, 1000, "EUR"), KEY),
                json(item("PSP_REF", "PSP_AUTH", "REFUND", true, 250, "EUR"), KEY),
                json(item("received_payments_report_2026_11_20.csv", null, "REPORT_AVAILABLE", true, 0, "EUR"), KEY),
                json(item("PSP_CANCEL", "PSP_AUTH", "CANCELLATION", false, 1000, "EUR"), KEY)));

        Mapping mapping = mapper.map(request("adyen", Map.of(), body, Instant.now()));

        assertThat(mapping.events())
                .extracting(e -> e.eventId())
                .containsExactly("PSP_AUTH:AUTHORISATION:true", "PSP_CAPT:CAPTURE:true", "PSP_REF:REFUND:true");
        assertThat(mapping.events()).extracting(e -> e.paymentId()).containsOnly("PSP_AUTH");
        assertThat(mapping.events())
                .extracting(e -> e.type())
                .containsExactly(PaymentEventType.AUTHORIZED, PaymentEventType.CAPTURED, PaymentEventType.REFUNDED);
        assertThat(mapping.events().get(2).refundId()).isEqualTo("PSP_REF");
        assertThat(mapping.events().get(2).amount()).isEqualTo(250);
        assertThat(mapping.events().get(0).occurredAt()).isEqualTo(Instant.parse("2026-11-20T09:00:00Z"));
        // A report is announced, whatever its kind (the collector decides what it reads); a refused
        // cancellation is what cannot be mapped.
        assertThat(mapping.announcements()).singleElement().satisfies(a -> assertThat(a.reportType())
                .isEqualTo("received_payments_report"));
        assertThat(mapping.unmappable()).singleElement().asString().contains("CANCELLATION");
    }
}
