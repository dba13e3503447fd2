package dev.payhook.provider.stripe;

import static dev.payhook.provider.Requests.rejection;
import static dev.payhook.provider.Requests.request;
import static dev.payhook.provider.Requests.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import dev.payhook.provider.Verification;
import dev.payhook.provider.Verification.Reason;
import dev.payhook.provider.WebhookSource;
import java.time.Instant;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** stripe-java signs; our verifier must agree with it, byte for byte. */
class StripeSignatureVerifierTest {

    private static final String SECRET = "whsec_current";
    private static final String OLD_SECRET = "whsec_previous";
    private static final String BODY =
            "{\"id\":\"evt_1\",\"type\":\"payment_intent.succeeded\",\"data\":{\"object\":{\"id\":\"pi_1\"}}}";

    private final StripeSignatureVerifier verifier = new StripeSignatureVerifier();
    private final WebhookSource source = source("stripe", SECRET);

    private static String signedBy(String secret, String body, long timestamp) throws Exception {
        return Webhook.Signature.generateSignatureHeader(body, secret, timestamp);
    }

    private Verification verify(WebhookSource source, String header, String body, Instant now) {
        return verifier.verify(
                request("stripe", header == null ? Map.of() : Map.of("Stripe-Signature", header), body, now), source);
    }

    @Test
    void validSignatureFromStripeJavaVerifies() throws Exception {
        Instant now = Instant.now();
        String header = signedBy(SECRET, BODY, now.getEpochSecond());

        assertThat(verify(source, header, BODY, now)).isEqualTo(Verification.VERIFIED);
        assertThat(Webhook.Signature.verifyHeader(BODY, header, SECRET, 300)).isTrue();
    }

    @Test
    void tamperedBodyIsRejected() throws Exception {
        Instant now = Instant.now();
        String header = signedBy(SECRET, BODY, now.getEpochSecond());
        String tampered = BODY.replace("pi_1", "pi_2");

        assertThat(rejection(verify(source, header, tampered, now))).isEqualTo(Reason.SIGNATURE_MISMATCH);
    }

    @Test
    void wrongSecretIsRejected() throws Exception {
        Instant now = Instant.now();
        assertThat(rejection(verify(source, signedBy("whsec_attacker", BODY, now.getEpochSecond()), BODY, now)))
                .isEqualTo(Reason.SIGNATURE_MISMATCH);
    }

    @Test
    void rotatedSecretStillVerifies() throws Exception {
        Instant now = Instant.now();
        WebhookSource rotating = source("stripe", SECRET, OLD_SECRET);

        assertThat(verify(rotating, signedBy(OLD_SECRET, BODY, now.getEpochSecond()), BODY, now))
                .isEqualTo(Verification.VERIFIED);
        assertThat(verify(rotating, signedBy(SECRET, BODY, now.getEpochSecond()), BODY, now))
                .isEqualTo(Verification.VERIFIED);
    }

    @Test
    void anyOfSeveralV1SignaturesMayMatch() throws Exception {
        Instant now = Instant.now();
        long t = now.getEpochSecond();
        String valid = signedBy(SECRET, BODY, t).split("v1=")[1];
        String header = "t=" + t + ",v1=" + "ab".repeat(32) + ",v1=" + valid + ",v0=deadbeef";

        assertThat(verify(source, header, BODY, now)).isEqualTo(Verification.VERIFIED);
    }

    @Test
    void staleAndFutureTimestampsAreRejected() throws Exception {
        Instant now = Instant.now();
        String stale = signedBy(SECRET, BODY, now.minusSeconds(301).getEpochSecond());
        String future = signedBy(SECRET, BODY, now.plusSeconds(301).getEpochSecond());
        String edge = signedBy(SECRET, BODY, now.minusSeconds(299).getEpochSecond());

        assertThat(rejection(verify(source, stale, BODY, now))).isEqualTo(Reason.TIMESTAMP_OUT_OF_TOLERANCE);
        assertThat(rejection(verify(source, future, BODY, now))).isEqualTo(Reason.TIMESTAMP_OUT_OF_TOLERANCE);
        assertThat(verify(source, edge, BODY, now)).isEqualTo(Verification.VERIFIED);
        // stripe-java draws the same line.
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> Webhook.Signature.verifyHeader(BODY, stale, SECRET, 300))
                .isInstanceOf(SignatureVerificationException.class);
    }

    @Test
    void missingAndMalformedHeadersAreRejected() {
        Instant now = Instant.now();
        assertThat(rejection(verify(source, null, BODY, now))).isEqualTo(Reason.MISSING_SIGNATURE);
        assertThat(rejection(verify(source, "", BODY, now))).isEqualTo(Reason.MISSING_SIGNATURE);
        assertThat(rejection(verify(source, "v1=abc", BODY, now))).isEqualTo(Reason.MALFORMED_SIGNATURE);
        assertThat(rejection(verify(source, "t=" + now.getEpochSecond(), BODY, now)))
                .isEqualTo(Reason.MALFORMED_SIGNATURE);
        assertThat(rejection(verify(source, "t=abc,v1=00", BODY, now))).isEqualTo(Reason.MALFORMED_SIGNATURE);
        assertThat(rejection(verify(source, "t=" + now.getEpochSecond() + ",v1=zz", BODY, now)))
                .isEqualTo(Reason.SIGNATURE_MISMATCH);
    }

    @Property(tries = 200)
    void agreesWithStripeJavaOnArbitraryBodies(@ForAll String body) throws Exception {
        Instant now = Instant.now();
        String header = signedBy(SECRET, body, now.getEpochSecond());

        assertThat(verify(source, header, body, now)).isEqualTo(Verification.VERIFIED);
        assertThat(rejection(verify(source, header, body + " ", now))).isEqualTo(Reason.SIGNATURE_MISMATCH);
    }
}
