package dev.payhook.provider.razorpay;

import dev.payhook.provider.HexBodySignature;
import dev.payhook.provider.SignatureVerifier;
import dev.payhook.provider.Verification;
import dev.payhook.provider.WebhookRequest;
import dev.payhook.provider.WebhookSource;

/**
 * {@code X-Razorpay-Signature}: hex HMAC-SHA256 of the raw body keyed with the webhook secret
 * (razorpay.com/docs/webhooks/validate-test). The scheme signs no timestamp, so it has no replay
 * window; duplicates are the processor's to drop by event id.
 */
public final class RazorpaySignatureVerifier implements SignatureVerifier {

    static final String HEADER = "X-Razorpay-Signature";

    @Override
    public Verification verify(WebhookRequest request, WebhookSource source) {
        return HexBodySignature.verify(request, source, HEADER);
    }
}
