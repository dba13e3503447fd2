package dev.payhook.provider;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.payhook.provider.Verification.Reason;

/** The simplest scheme, shared by Razorpay and generic HMAC: a hex HMAC-SHA256 of the body in a header. */
public final class HexBodySignature {

    private HexBodySignature() {}

    public static Verification verify(WebhookRequest request, WebhookSource source, String header) {
        String signature = request.header(header);
        if (signature == null || signature.isBlank()) {
            return Verification.rejected(Reason.MISSING_SIGNATURE, "missing " + header + " header");
        }
        String hex = signature.trim();
        // GitHub-style senders prefix the algorithm; the bytes after it are the same hex MAC.
        if (hex.startsWith("sha256=")) {
            hex = hex.substring("sha256=".length());
        }
        byte[] provided = Hmac.fromHex(hex);
        if (provided == null) {
            return Verification.rejected(Reason.MALFORMED_SIGNATURE, header + " is not a hex HMAC-SHA256");
        }
        for (String secret : source.secretsAt(request.receivedAt())) {
            if (Hmac.matches(Hmac.sha256(secret.getBytes(UTF_8), request.body()), provided)) {
                return Verification.VERIFIED;
            }
        }
        return Verification.rejected(Reason.SIGNATURE_MISMATCH, header + " does not match the payload");
    }
}
