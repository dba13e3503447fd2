package dev.payhook.provider.adyen;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.payhook.provider.Hmac;
import dev.payhook.provider.Payloads;
import dev.payhook.provider.SignatureVerifier;
import dev.payhook.provider.Verification;
import dev.payhook.provider.Verification.Reason;
import dev.payhook.provider.WebhookRequest;
import dev.payhook.provider.WebhookSource;
import tools.jackson.databind.JsonNode;

/**
 * Adyen signs each NotificationRequestItem, not the request: {@code additionalData.hmacSignature}
 * is the base64 HMAC-SHA256, keyed with the hex-decoded HMAC key, of
 * {@code pspReference:originalReference:merchantAccountCode:merchantReference:value:currency:eventCode:success}
 * with absent fields as empty strings (docs.adyen.com/development-resources/webhooks/verify-hmac-signatures).
 * Every item must verify: one forged item makes the whole request untrusted.
 */
public final class AdyenHmacVerifier implements SignatureVerifier {

    @Override
    public Verification verify(WebhookRequest request, WebhookSource source) {
        JsonNode notification = Payloads.parseObject(request.body());
        if (notification == null
                || !notification.path("notificationItems").isArray()
                || notification.path("notificationItems").isEmpty()) {
            return Verification.rejected(
                    Reason.UNREADABLE_BODY,
                    "an Adyen notification is a JSON object with a non-empty notificationItems array");
        }
        int index = 0;
        for (JsonNode wrapper : notification.path("notificationItems")) {
            JsonNode item = wrapper.path("NotificationRequestItem");
            String signature = Payloads.text(item, "/additionalData/hmacSignature");
            if (signature == null) {
                return Verification.rejected(
                        Reason.MISSING_SIGNATURE,
                        "notificationItems[" + index + "] has no additionalData.hmacSignature");
            }
            byte[] provided = Hmac.fromBase64(signature);
            byte[] signed = signingString(item).getBytes(UTF_8);
            boolean matched = source.secretsAt(request.receivedAt()).stream()
                    .anyMatch(secret -> Hmac.matches(Hmac.sha256(Hmac.fromHex(secret), signed), provided));
            if (!matched) {
                return Verification.rejected(
                        Reason.SIGNATURE_MISMATCH,
                        "notificationItems[" + index + "] hmacSignature does not match the item");
            }
            index++;
        }
        return Verification.VERIFIED;
    }

    @Override
    public void checkSecret(String secret) {
        byte[] key = Hmac.fromHex(secret);
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("an Adyen HMAC key is hex");
        }
    }

    static String signingString(JsonNode item) {
        return String.join(
                ":",
                field(item, "/pspReference"),
                field(item, "/originalReference"),
                field(item, "/merchantAccountCode"),
                field(item, "/merchantReference"),
                field(item, "/amount/value"),
                field(item, "/amount/currency"),
                field(item, "/eventCode"),
                field(item, "/success"));
    }

    private static String field(JsonNode item, String pointer) {
        String value = Payloads.text(item, pointer);
        return value == null ? "" : value;
    }
}
