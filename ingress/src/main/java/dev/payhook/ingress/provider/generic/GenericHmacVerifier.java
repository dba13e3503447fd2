package dev.payhook.ingress.provider.generic;

import dev.payhook.ingress.provider.HexBodySignature;
import dev.payhook.ingress.provider.SignatureVerifier;
import dev.payhook.ingress.provider.Verification;
import dev.payhook.ingress.provider.WebhookRequest;
import dev.payhook.ingress.provider.WebhookSource;

/** Hex HMAC-SHA256 of the body in the source's configured header (default {@code X-Signature}). */
public final class GenericHmacVerifier implements SignatureVerifier {

    @Override
    public Verification verify(WebhookRequest request, WebhookSource source) {
        return HexBodySignature.verify(request, source, source.signatureHeader());
    }
}
