package dev.payhook.provider.standardwebhooks;

import static dev.payhook.provider.Requests.rejection;
import static dev.payhook.provider.Requests.request;
import static dev.payhook.provider.Requests.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.standardwebhooks.Webhook;
import dev.payhook.provider.Verification;
import dev.payhook.provider.Verification.Reason;
import dev.payhook.provider.WebhookSource;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The standardwebhooks reference library signs; our verifier must agree with it. */
class StandardWebhooksVerifierTest {

    private static final String SECRET = "whsec_cGF5aG9vay1sb2NhbC1zdGFuZGFyZC13ZWJob29rcyE=";
    private static final String OLD_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String BODY =
            "{\"type\":\"payment.captured\",\"data\":{\"paymentId\":\"pay_1\",\"amount\":1500,\"currency\":\"EUR\"}}";

    private final StandardWebhooksVerifier verifier = new StandardWebhooksVerifier();
    private final WebhookSource source = source("standard-webhooks", SECRET);

    private static Map<String, String> signed(String secret, String id, long timestamp, String body, String prefix)
            throws Exception {
        Map<String, String> headers = new HashMap<>();
        headers.put(prefix + "-id", id);
        headers.put(prefix + "-timestamp", Long.toString(timestamp));
        headers.put(prefix + "-signature", new Webhook(secret).sign(id, timestamp, body));
        return headers;
    }

    private Verification verify(WebhookSource source, Map<String, String> headers, String body, Instant now) {
        return verifier.verify(request("standard-webhooks", headers, body, now), source);
    }

    @Test
    void validSignatureFromTheReferenceLibraryVerifies() throws Exception {
        Instant now = Instant.now();
        Map<String, String> headers = signed(SECRET, "msg_1", now.getEpochSecond(), BODY, "webhook");

        assertThat(verify(source, headers, BODY, now)).isEqualTo(Verification.VERIFIED);
        Map<String, List<String>> asLists = new HashMap<>();
        headers.forEach((k, v) -> asLists.put(k, List.of(v)));
        new Webhook(SECRET).verify(BODY, asLists); // the library accepts what we accepted
    }

    @Test
    void svixHeadersAreAccepted() throws Exception {
        Instant now = Instant.now();
        assertThat(verify(source, signed(SECRET, "msg_2", now.getEpochSecond(), BODY, "svix"), BODY, now))
                .isEqualTo(Verification.VERIFIED);
    }

    @Test
    void tamperedBodyAndChangedIdAreRejected() throws Exception {
        Instant now = Instant.now();
        Map<String, String> headers = signed(SECRET, "msg_1", now.getEpochSecond(), BODY, "webhook");

        assertThat(rejection(verify(source, headers, BODY.replace("1500", "9500"), now)))
                .isEqualTo(Reason.SIGNATURE_MISMATCH);
        headers.put("webhook-id", "msg_other");
        assertThat(rejection(verify(source, headers, BODY, now))).isEqualTo(Reason.SIGNATURE_MISMATCH);
    }

    @Test
    void wrongSecretIsRejected() throws Exception {
        Instant now = Instant.now();
        assertThat(rejection(
                        verify(source, signed(OLD_SECRET, "msg_1", now.getEpochSecond(), BODY, "webhook"), BODY, now)))
                .isEqualTo(Reason.SIGNATURE_MISMATCH);
    }

    @Test
    void rotatedSecretStillVerifies() throws Exception {
        Instant now = Instant.now();
        WebhookSource rotating = source("standard-webhooks", SECRET, OLD_SECRET);
        assertThat(verify(rotating, signed(OLD_SECRET, "msg_1", now.getEpochSecond(), BODY, "webhook"), BODY, now))
                .isEqualTo(Verification.VERIFIED);
    }

    @Test
    void staleAndFutureTimestampsAreRejected() throws Exception {
        Instant now = Instant.now();
        assertThat(rejection(verify(
                        source,
                        signed(SECRET, "m", now.minusSeconds(400).getEpochSecond(), BODY, "webhook"),
                        BODY,
                        now)))
                .isEqualTo(Reason.TIMESTAMP_OUT_OF_TOLERANCE);
        assertThat(rejection(verify(
                        source,
                        signed(SECRET, "m", now.plusSeconds(400).getEpochSecond(), BODY, "webhook"),
                        BODY,
                        now)))
                .isEqualTo(Reason.TIMESTAMP_OUT_OF_TOLERANCE);
    }

    @Test
    void missingHeadersAreRejected() throws Exception {
        Instant now = Instant.now();
        for (String missing : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
            Map<String, String> headers = signed(SECRET, "msg_1", now.getEpochSecond(), BODY, "webhook");
            headers.remove(missing);
            assertThat(rejection(verify(source, headers, BODY, now)))
                    .as(missing)
                    .isEqualTo(Reason.MISSING_SIGNATURE);
        }
        Map<String, String> noV1 = signed(SECRET, "msg_1", now.getEpochSecond(), BODY, "webhook");
        noV1.put("webhook-signature", "v2,abc");
        assertThat(rejection(verify(source, noV1, BODY, now))).isEqualTo(Reason.MALFORMED_SIGNATURE);
    }

    @Property(tries = 200)
    void agreesWithTheReferenceLibraryOnArbitraryBodies(@ForAll String body) throws Exception {
        Instant now = Instant.now();
        Map<String, String> headers = signed(SECRET, "msg_p", now.getEpochSecond(), body, "webhook");

        assertThat(verify(source, headers, body, now)).isEqualTo(Verification.VERIFIED);
        assertThat(rejection(verify(source, headers, body + "x", now))).isEqualTo(Reason.SIGNATURE_MISMATCH);
    }
}
