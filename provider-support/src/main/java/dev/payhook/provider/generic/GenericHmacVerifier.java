package dev.payhook.provider.generic;

import dev.payhook.provider.HexBodySignature;
import dev.payhook.provider.SignatureVerifier;
import dev.payhook.provider.Verification;
import dev.payhook.provider.WebhookRequest;
import dev.payhook.provider.WebhookSource;

/** Hex HMAC-SHA256 of the body in the source's configured header (default {@code X-Signature}). */
public final class GenericHmacVerifier implements SignatureVerifier {

    @Override
    public Verification verify(WebhookRequest request, WebhookSource source) {
        return HexBodySignature.verify(request, source, source.signatureHeader());
    }
}
