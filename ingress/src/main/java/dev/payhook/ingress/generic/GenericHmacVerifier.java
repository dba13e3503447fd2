package dev.payhook.ingress.generic;

import dev.payhook.ingress.webhook.HexBodySignature;
import dev.payhook.ingress.webhook.SignatureVerifier;
import dev.payhook.ingress.webhook.Verification;
import dev.payhook.ingress.webhook.WebhookRequest;
import dev.payhook.ingress.webhook.WebhookSource;

/** Hex HMAC-SHA256 of the body in the source's configured header (default {@code X-Signature}). */
public final class GenericHmacVerifier implements SignatureVerifier {

    @Override
    public Verification verify(WebhookRequest request, WebhookSource source) {
        return HexBodySignature.verify(request, source, source.signatureHeader());
    }
}
