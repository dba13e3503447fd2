package dev.payhook.ingress.razorpay;

import dev.payhook.ingress.webhook.HexBodySignature;
import dev.payhook.ingress.webhook.SignatureVerifier;
import dev.payhook.ingress.webhook.Verification;
import dev.payhook.ingress.webhook.WebhookRequest;
import dev.payhook.ingress.webhook.WebhookSource;

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
