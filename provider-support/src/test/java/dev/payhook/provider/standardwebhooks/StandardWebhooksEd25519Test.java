package dev.payhook.provider.standardwebhooks;

import static dev.payhook.provider.Requests.rejection;
import static dev.payhook.provider.Requests.request;
import static dev.payhook.provider.Requests.source;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import dev.payhook.provider.Verification;
import dev.payhook.provider.Verification.Reason;
import dev.payhook.provider.WebhookSource;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;

/**
 * Standard Webhooks' asymmetric scheme: {@code v1a,<base64 Ed25519 signature>} over
 * {@code id.timestamp.body}, checked with {@code whpk_<base64 raw public key>}. payhook verifies with
 * the JDK's Ed25519; BouncyCastle, a second implementation, signs, and no Java SDK verifies v1a.
 */
class StandardWebhooksEd25519Test {

    /** RFC 8032 section 7.1, test 1: its secret key, whose public key is d75a9801…511a. */
    private static final Ed25519PrivateKeyParameters RFC8032_KEY = new Ed25519PrivateKeyParameters(
            HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));

    /** The message of the Standard Webhooks spec's own example (id, timestamp and body). */
    private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";

    private static final long SPEC_TIMESTAMP = 1614265330L;
    private static final String SPEC_BODY = "{\"test\": 2432232314}";

    /**
     * The v1a signature of that message under that key, computed by a third implementation (Python's
     * {@code cryptography} 48, OpenSSL's Ed25519); Ed25519 is deterministic, so BouncyCastle must agree.
     */
    private static final String SPEC_SIGNATURE =
            "v1a,fldxM4gAKugP6nnt1hdz3sgGfZ6d99nzrMFnZOELIxbzEHoVmAb2ADpkJK7zgPePmPsle0zV9jSeGlHFG2NVAw==";

    private final StandardWebhooksVerifier verifier = new StandardWebhooksVerifier();

    private static String publicKey(Ed25519PrivateKeyParameters key) {
        return "whpk_"
                + Base64.getEncoder().encodeToString(key.generatePublicKey().getEncoded());
    }

    private static String sign(Ed25519PrivateKeyParameters key, String id, long timestamp, String body) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        byte[] message = (id + "." + timestamp + "." + body).getBytes(UTF_8);
        signer.update(message, 0, message.length);
        return "v1a," + Base64.getEncoder().encodeToString(signer.generateSignature());
    }

    private static Map<String, String> headers(String id, long timestamp, String signature) {
        return Map.of("webhook-id", id, "webhook-timestamp", Long.toString(timestamp), "webhook-signature", signature);
    }

    private Verification verify(WebhookSource source, Map<String, String> headers, String body, Instant now) {
        return verifier.verify(request("standard-webhooks", headers, body, now), source);
    }

    @Test
    void theSpecExampleSignedWithTheRfc8032KeyVerifies() {
        assertThat(publicKey(RFC8032_KEY)).isEqualTo("whpk_11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=");
        assertThat(sign(RFC8032_KEY, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY)).isEqualTo(SPEC_SIGNATURE);
        WebhookSource source = source("standard-webhooks", publicKey(RFC8032_KEY));
        Instant then = Instant.ofEpochSecond(SPEC_TIMESTAMP);

        assertThat(verify(source, headers(SPEC_ID, SPEC_TIMESTAMP, SPEC_SIGNATURE), SPEC_BODY, then))
                .isEqualTo(Verification.VERIFIED);
        assertThat(rejection(verify(source, headers(SPEC_ID, SPEC_TIMESTAMP, SPEC_SIGNATURE), SPEC_BODY + " ", then)))
                .isEqualTo(Reason.SIGNATURE_MISMATCH);
        assertThat(rejection(verify(source, headers("msg_other", SPEC_TIMESTAMP, SPEC_SIGNATURE), SPEC_BODY, then)))
                .isEqualTo(Reason.SIGNATURE_MISMATCH);
    }

    @Property(tries = 100)
    void agreesWithBouncyCastleOnArbitraryBodies(@ForAll String body) {
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom());
        Instant now = Instant.now();
        WebhookSource source = source("standard-webhooks", publicKey(key));
        String signature = sign(key, "msg_p", now.getEpochSecond(), body);

        assertThat(verify(source, headers("msg_p", now.getEpochSecond(), signature), body, now))
                .isEqualTo(Verification.VERIFIED);
        assertThat(rejection(verify(source, headers("msg_p", now.getEpochSecond(), signature), body + "x", now)))
                .isEqualTo(Reason.SIGNATURE_MISMATCH);
    }

    @Test
    void aSourceMigratingFromHmacToEd25519TakesEitherSignature() throws Exception {
        String secret = "whsec_cGF5aG9vay1sb2NhbC1zdGFuZGFyZC13ZWJob29rcyE=";
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom());
        WebhookSource both = source("standard-webhooks", secret, publicKey(key));
        Instant now = Instant.now();
        long ts = now.getEpochSecond();
        String hmac = new Webhook(secret).sign("msg_m", ts, SPEC_BODY);
        String ed25519 = sign(key, "msg_m", ts, SPEC_BODY);

        assertThat(verify(both, headers("msg_m", ts, hmac), SPEC_BODY, now)).isEqualTo(Verification.VERIFIED);
        assertThat(verify(both, headers("msg_m", ts, ed25519), SPEC_BODY, now)).isEqualTo(Verification.VERIFIED);
        assertThat(verify(both, headers("msg_m", ts, hmac + " " + ed25519), SPEC_BODY, now))
                .isEqualTo(Verification.VERIFIED);
        // A key alone does not accept an HMAC signature, nor a secret alone an Ed25519 one.
        assertThat(rejection(verify(
                        source("standard-webhooks", publicKey(key)), headers("msg_m", ts, hmac), SPEC_BODY, now)))
                .isEqualTo(Reason.SIGNATURE_MISMATCH);
        assertThat(rejection(
                        verify(source("standard-webhooks", secret), headers("msg_m", ts, ed25519), SPEC_BODY, now)))
                .isEqualTo(Reason.SIGNATURE_MISMATCH);
    }

    @Test
    void anExpiredKeyNoLongerVerifiesButItsSuccessorDoes() {
        Ed25519PrivateKeyParameters old = new Ed25519PrivateKeyParameters(new SecureRandom());
        Ed25519PrivateKeyParameters current = new Ed25519PrivateKeyParameters(new SecureRandom());
        Instant now = Instant.parse("2026-12-05T12:00:00Z");
        long ts = now.getEpochSecond();
        WebhookSource rotating = source(
                "standard-webhooks",
                publicKey(old) + " expires=2026-12-05T11:00:00Z",
                publicKey(current) + " expires=2027-01-01T00:00:00Z");

        assertThat(rejection(verify(rotating, headers("msg_r", ts, sign(old, "msg_r", ts, SPEC_BODY)), SPEC_BODY, now)))
                .isEqualTo(Reason.SIGNATURE_MISMATCH);
        assertThat(verify(rotating, headers("msg_r", ts, sign(current, "msg_r", ts, SPEC_BODY)), SPEC_BODY, now))
                .isEqualTo(Verification.VERIFIED);
        Instant beforeExpiry = Instant.parse("2026-12-05T10:59:59Z");
        long earlier = beforeExpiry.getEpochSecond();
        assertThat(verify(
                        rotating,
                        headers("msg_r", earlier, sign(old, "msg_r", earlier, SPEC_BODY)),
                        SPEC_BODY,
                        beforeExpiry))
                .isEqualTo(Verification.VERIFIED);
    }

    @Test
    void malformedKeysAndExpiriesAreRefusedAtStartup() {
        assertThatThrownBy(() -> verifier.checkSecret("whpk_AAAA")).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> WebhookSource.Secret.parse("whsec_abc expires=tomorrow"))
                .hasMessageContaining("ISO-8601")
                .hasMessageNotContaining("whsec_abc");
        // A signature that is not base64 is malformed, not an error.
        assertThat(rejection(verify(
                        source("standard-webhooks", publicKey(RFC8032_KEY)),
                        headers(SPEC_ID, SPEC_TIMESTAMP, "v1a,%%%"),
                        SPEC_BODY,
                        Instant.ofEpochSecond(SPEC_TIMESTAMP))))
                .isEqualTo(Reason.MALFORMED_SIGNATURE);
    }
}
