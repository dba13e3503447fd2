package dev.payhook.provider.adyen;

import static dev.payhook.provider.Requests.rejection;
import static dev.payhook.provider.Requests.request;
import static dev.payhook.provider.Requests.source;
import static dev.payhook.provider.adyen.AdyenNotifications.KEY;
import static dev.payhook.provider.adyen.AdyenNotifications.OLD_KEY;
import static dev.payhook.provider.adyen.AdyenNotifications.item;
import static dev.payhook.provider.adyen.AdyenNotifications.json;
import static dev.payhook.provider.adyen.AdyenNotifications.notification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.adyen.util.HMACValidator;
import dev.payhook.provider.Verification;
import dev.payhook.provider.Verification.Reason;
import dev.payhook.provider.WebhookSource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Adyen's HMACValidator signs each item; our verifier must agree with it. */
class AdyenHmacVerifierTest {

    private final AdyenHmacVerifier verifier = new AdyenHmacVerifier();
    private final WebhookSource source = source("adyen", KEY);

    private Verification verify(WebhookSource source, String body) {
        return verifier.verify(request("adyen", Map.of(), body, Instant.now()), source);
    }

    @Test
    void itemSignedByAdyensValidatorVerifies() throws Exception {
        var item = item("8816000000000001", null, "AUTHORISATION", true, 1000, "EUR");
        assertThat(verify(source, notification(item, KEY))).isEqualTo(Verification.VERIFIED);
        assertThat(new HMACValidator()
                        .validateHMAC(
                                item.setAdditionalData(
                                        Map.of("hmacSignature", new HMACValidator().calculateHMAC(item, KEY))),
                                KEY))
                .isTrue();
    }

    @Test
    void everyItemOfAMultiItemNotificationMustVerify() throws Exception {
        ObjectNode capture = json(item("8816000000000002", "8816000000000001", "CAPTURE", true, 1000, "EUR"), KEY);
        ObjectNode refund = json(item("8816000000000003", "8816000000000001", "REFUND", true, 400, "EUR"), KEY);
        assertThat(verify(source, notification(List.of(capture, refund)))).isEqualTo(Verification.VERIFIED);

        ObjectNode forged =
                json(item("8816000000000004", "8816000000000001", "REFUND", true, 400, "EUR"), "00".repeat(32));
        assertThat(rejection(verify(source, notification(List.of(capture, forged)))))
                .isEqualTo(Reason.SIGNATURE_MISMATCH);
    }

    @Test
    void tamperedAmountIsRejected() throws Exception {
        ObjectNode item = json(item("8816000000000001", null, "AUTHORISATION", true, 1000, "EUR"), KEY);
        ((ObjectNode) item.get("amount")).put("value", 100000);
        assertThat(rejection(verify(source, notification(List.of(item))))).isEqualTo(Reason.SIGNATURE_MISMATCH);
    }

    @Test
    void wrongKeyIsRejectedAndRotatedKeyStillVerifies() throws Exception {
        String signedWithOld =
                notification(item("8816000000000001", null, "AUTHORISATION", true, 1000, "EUR"), OLD_KEY);
        assertThat(rejection(verify(source, signedWithOld))).isEqualTo(Reason.SIGNATURE_MISMATCH);
        assertThat(verify(source("adyen", KEY, OLD_KEY), signedWithOld)).isEqualTo(Verification.VERIFIED);
    }

    @Test
    void missingSignatureAndUnreadableBodiesAreRejected() throws Exception {
        ObjectNode item = json(item("8816000000000001", null, "AUTHORISATION", true, 1000, "EUR"), KEY);
        item.remove("additionalData");
        assertThat(rejection(verify(source, notification(List.of(item))))).isEqualTo(Reason.MISSING_SIGNATURE);
        assertThat(rejection(verify(source, "not json"))).isEqualTo(Reason.UNREADABLE_BODY);
        assertThat(rejection(verify(source, "{\"notificationItems\":[]}"))).isEqualTo(Reason.UNREADABLE_BODY);
        assertThat(rejection(verify(source, "[1,2]"))).isEqualTo(Reason.UNREADABLE_BODY);
    }

    @Test
    void aKeyThatIsNotHexIsAConfigurationError() {
        assertThatThrownBy(() -> verifier.checkSecret("not-hex")).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 200)
    void agreesWithAdyensValidatorOnArbitraryItems(
            @ForAll @NumericChars @StringLength(min = 16, max = 16) String psp,
            @ForAll @AlphaChars @StringLength(min = 1, max = 30) String reference,
            @ForAll @LongRange(min = 0, max = 10_000_000_000L) long value,
            @ForAll boolean success)
            throws Exception {
        var item = item(psp, null, "AUTHORISATION", success, value, "KWD").setMerchantReference(reference);
        assertThat(verify(source, notification(item, KEY))).isEqualTo(Verification.VERIFIED);
    }
}
