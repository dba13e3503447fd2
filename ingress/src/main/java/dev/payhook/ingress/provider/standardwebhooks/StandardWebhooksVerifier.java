package dev.payhook.ingress.provider.standardwebhooks;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.payhook.ingress.provider.Hmac;
import dev.payhook.ingress.provider.SignatureVerifier;
import dev.payhook.ingress.provider.TimestampTolerance;
import dev.payhook.ingress.provider.Verification;
import dev.payhook.ingress.provider.Verification.Reason;
import dev.payhook.ingress.provider.WebhookRequest;
import dev.payhook.ingress.provider.WebhookSource;
import java.util.List;

/**
 * Standard Webhooks (standardwebhooks.com spec): {@code webhook-signature: v1,<base64> v1,<base64>}
 * over {@code id + "." + timestamp + "." + body}, keyed with the base64-decoded secret after its
 * {@code whsec_} prefix. Svix, the scheme's origin, sends the same headers as {@code svix-*}.
 */
public final class StandardWebhooksVerifier implements SignatureVerifier {

    static final String ID = "webhook-id";
    static final String TIMESTAMP = "webhook-timestamp";
    static final String SIGNATURE = "webhook-signature";

    @Override
    public Verification verify(WebhookRequest request, WebhookSource source) {
        String id = header(request, ID);
        String timestamp = header(request, TIMESTAMP);
        String signatureHeader = header(request, SIGNATURE);
        if (id == null || timestamp == null || signatureHeader == null) {
            return Verification.rejected(
                    Reason.MISSING_SIGNATURE,
                    "webhook-id, webhook-timestamp and webhook-signature (or svix-*) headers are required");
        }
        if (!timestamp.matches("\\d{1,12}")) {
            return Verification.rejected(Reason.MALFORMED_SIGNATURE, "webhook-timestamp is not unix seconds");
        }
        List<byte[]> signatures = java.util.Arrays.stream(signatureHeader.trim().split(" +"))
                .filter(s -> s.startsWith("v1,"))
                .map(s -> Hmac.fromBase64(s.substring(3)))
                .toList();
        if (signatures.isEmpty()) {
            return Verification.rejected(Reason.MALFORMED_SIGNATURE, "webhook-signature has no v1 signature");
        }
        byte[] signedPrefix = (id + "." + timestamp + ".").getBytes(UTF_8);
        for (String secret : source.secrets()) {
            byte[] expected = Hmac.sha256(key(secret), signedPrefix, request.body());
            if (signatures.stream().anyMatch(s -> Hmac.matches(expected, s))) {
                return TimestampTolerance.within(Long.parseLong(timestamp), request.receivedAt(), source.tolerance())
                        ? Verification.VERIFIED
                        : Verification.rejected(
                                Reason.TIMESTAMP_OUT_OF_TOLERANCE,
                                "webhook-timestamp is more than " + source.tolerance() + " from now");
            }
        }
        return Verification.rejected(Reason.SIGNATURE_MISMATCH, "no v1 signature matches the payload");
    }

    @Override
    public void checkSecret(String secret) {
        key(secret);
    }

    /** The signing key is the base64 part of {@code whsec_<base64>}. */
    static byte[] key(String secret) {
        String base64 = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
        byte[] key = Hmac.fromBase64(base64);
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("a standard-webhooks secret must be whsec_<base64>");
        }
        return key;
    }

    static String header(WebhookRequest request, String name) {
        String value = request.header(name);
        if (value == null) {
            value = request.header("svix-" + name.substring("webhook-".length()));
        }
        return value == null || value.isBlank() ? null : value.trim();
    }
}
