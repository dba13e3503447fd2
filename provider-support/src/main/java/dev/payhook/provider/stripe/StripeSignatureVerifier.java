package dev.payhook.provider.stripe;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.payhook.provider.Hmac;
import dev.payhook.provider.SignatureVerifier;
import dev.payhook.provider.TimestampTolerance;
import dev.payhook.provider.Verification;
import dev.payhook.provider.Verification.Reason;
import dev.payhook.provider.WebhookRequest;
import dev.payhook.provider.WebhookSource;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>…]}: HMAC-SHA256 of {@code t + "." + body}
 * keyed with the endpoint secret as UTF-8. Stripe sends several {@code v1} while an endpoint
 * secret is being rolled, and any may match (docs.stripe.com/webhooks#verify-manually).
 */
public final class StripeSignatureVerifier implements SignatureVerifier {

    static final String HEADER = "Stripe-Signature";

    @Override
    public Verification verify(WebhookRequest request, WebhookSource source) {
        String header = request.header(HEADER);
        if (header == null || header.isBlank()) {
            return Verification.rejected(Reason.MISSING_SIGNATURE, "missing " + HEADER + " header");
        }
        String timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String element : header.split(",")) {
            int eq = element.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = element.substring(0, eq).trim();
            String value = element.substring(eq + 1).trim();
            if (key.equals("t") && timestamp == null) {
                timestamp = value;
            } else if (key.equals("v1")) {
                signatures.add(Hmac.fromHex(value));
            }
        }
        if (timestamp == null || !TimestampTolerance.isUnixSeconds(timestamp)) {
            return Verification.rejected(Reason.MALFORMED_SIGNATURE, HEADER + " has no valid t= timestamp");
        }
        if (signatures.isEmpty()) {
            return Verification.rejected(Reason.MALFORMED_SIGNATURE, HEADER + " has no v1= signature");
        }
        byte[] signedPrefix = (timestamp + ".").getBytes(UTF_8);
        for (String secret : source.secretsAt(request.receivedAt())) {
            byte[] expected = Hmac.sha256(secret.getBytes(UTF_8), signedPrefix, request.body());
            for (byte[] signature : signatures) {
                if (Hmac.matches(expected, signature)) {
                    return TimestampTolerance.within(
                                    Long.parseLong(timestamp), request.receivedAt(), source.tolerance())
                            ? Verification.VERIFIED
                            : Verification.rejected(
                                    Reason.TIMESTAMP_OUT_OF_TOLERANCE,
                                    "timestamp is more than " + source.tolerance() + " from now");
                }
            }
        }
        return Verification.rejected(Reason.SIGNATURE_MISMATCH, "no v1 signature matches the payload");
    }
}
