package dev.payhook.provider.generic;

import static dev.payhook.provider.Requests.rejection;
import static dev.payhook.provider.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.provider.Hmac;
import dev.payhook.provider.Verification;
import dev.payhook.provider.Verification.Reason;
import dev.payhook.provider.WebhookSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GenericHmacVerifierTest {

    private static final String BODY =
            "{\"event\":\"payment.updated\",\"data\":{\"paymentId\":\"pay_1\",\"status\":\"completed\","
                    + "\"amount\":100.00,\"currency\":\"USD\"}}";

    private final GenericHmacVerifier verifier = new GenericHmacVerifier();

    private static String sign(String secret, String body) {
        return HexFormat.of()
                .formatHex(Hmac.sha256(secret.getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8)));
    }

    private static WebhookSource source(String header, String... secrets) {
        return new WebhookSource(
                "generic-hmac",
                List.of(secrets),
                Duration.ofMinutes(5),
                header,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    private Verification verify(WebhookSource source, Map<String, String> headers, String body) {
        return verifier.verify(request("generic-hmac", headers, body, Instant.now()), source);
    }

    @Test
    void validSignatureInTheDefaultHeaderVerifies() {
        assertThat(verify(source("X-Signature", "s1"), Map.of("X-Signature", sign("s1", BODY)), BODY))
                .isEqualTo(Verification.VERIFIED);
        assertThat(verify(
                        source("X-Signature", "s1"),
                        Map.of("x-signature", "sha256=" + sign("s1", BODY).toUpperCase()),
                        BODY))
                .isEqualTo(Verification.VERIFIED);
    }

    @Test
    void theHeaderIsConfigurable() {
        WebhookSource custom = source("X-Acme-Hmac", "s1");
        assertThat(verify(custom, Map.of("X-Acme-Hmac", sign("s1", BODY)), BODY))
                .isEqualTo(Verification.VERIFIED);
        assertThat(rejection(verify(custom, Map.of("X-Signature", sign("s1", BODY)), BODY)))
                .isEqualTo(Reason.MISSING_SIGNATURE);
    }

    @Test
    void tamperedBodyWrongSecretAndRotation() {
        assertThat(rejection(verify(
                        source("X-Signature", "s1"),
                        Map.of("X-Signature", sign("s1", BODY)),
                        BODY.replace("100.00", "900.00"))))
                .isEqualTo(Reason.SIGNATURE_MISMATCH);
        assertThat(rejection(verify(source("X-Signature", "s1"), Map.of("X-Signature", sign("s0", BODY)), BODY)))
                .isEqualTo(Reason.SIGNATURE_MISMATCH);
        assertThat(verify(source("X-Signature", "s1", "s0"), Map.of("X-Signature", sign("s0", BODY)), BODY))
                .isEqualTo(Verification.VERIFIED);
    }
}
