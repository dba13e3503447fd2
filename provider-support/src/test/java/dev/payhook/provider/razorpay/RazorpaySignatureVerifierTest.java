package dev.payhook.provider.razorpay;

import static dev.payhook.provider.Requests.rejection;
import static dev.payhook.provider.Requests.request;
import static dev.payhook.provider.Requests.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.razorpay.Utils;
import dev.payhook.provider.Hmac;
import dev.payhook.provider.Verification;
import dev.payhook.provider.Verification.Reason;
import dev.payhook.provider.WebhookSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** razorpay-java's Utils.verifyWebhookSignature is the oracle for what a valid signature is. */
class RazorpaySignatureVerifierTest {

    private static final String SECRET = "payhook_local_razorpay_secret";
    private static final String BODY =
            "{\"event\":\"payment.captured\",\"payload\":{\"payment\":{\"entity\":{\"id\":\"pay_1\"}}}}";

    private final RazorpaySignatureVerifier verifier = new RazorpaySignatureVerifier();
    private final WebhookSource source = source("razorpay", SECRET);

    /** Signs as Razorpay does, and proves it with Razorpay's own SDK before any test relies on it. */
    static String sign(String secret, String body) throws Exception {
        String signature = HexFormat.of()
                .formatHex(Hmac.sha256(secret.getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8)));
        assertThat(Utils.verifyWebhookSignature(body, signature, secret)).isTrue();
        return signature;
    }

    private Verification verify(WebhookSource source, String signature, String body) {
        Map<String, String> headers = signature == null ? Map.of() : Map.of("X-Razorpay-Signature", signature);
        return verifier.verify(request("razorpay", headers, body, Instant.now()), source);
    }

    @Test
    void validSignatureVerifies() throws Exception {
        assertThat(verify(source, sign(SECRET, BODY), BODY)).isEqualTo(Verification.VERIFIED);
    }

    @Test
    void tamperedBodyIsRejectedByUsAndByRazorpay() throws Exception {
        String signature = sign(SECRET, BODY);
        String tampered = BODY.replace("pay_1", "pay_2");
        assertThat(rejection(verify(source, signature, tampered))).isEqualTo(Reason.SIGNATURE_MISMATCH);
        assertThat(Utils.verifyWebhookSignature(tampered, signature, SECRET)).isFalse();
    }

    @Test
    void wrongSecretIsRejectedAndRotatedSecretStillVerifies() throws Exception {
        String signedWithOld = sign("old_secret", BODY);
        assertThat(rejection(verify(source, signedWithOld, BODY))).isEqualTo(Reason.SIGNATURE_MISMATCH);
        assertThat(verify(source("razorpay", SECRET, "old_secret"), signedWithOld, BODY))
                .isEqualTo(Verification.VERIFIED);
    }

    @Test
    void missingAndMalformedSignaturesAreRejected() {
        assertThat(rejection(verify(source, null, BODY))).isEqualTo(Reason.MISSING_SIGNATURE);
        assertThat(rejection(verify(source, "  ", BODY))).isEqualTo(Reason.MISSING_SIGNATURE);
        assertThat(rejection(verify(source, "not-hex!", BODY))).isEqualTo(Reason.MALFORMED_SIGNATURE);
        assertThat(rejection(verify(source, "abc", BODY))).isEqualTo(Reason.MALFORMED_SIGNATURE);
    }

    @Property(tries = 200)
    void agreesWithRazorpayOnArbitraryBodies(@ForAll String body) throws Exception {
        assertThat(verify(source, sign(SECRET, body), body)).isEqualTo(Verification.VERIFIED);
    }
}
