package dev.payhook.provider;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;

/** Builds requests and sources for verifier and mapper specs. */
public final class Requests {

    private Requests() {}

    public static WebhookRequest request(
            String provider, Map<String, String> headers, String body, Instant receivedAt) {
        return request(provider, headers, body.getBytes(StandardCharsets.UTF_8), receivedAt);
    }

    public static WebhookRequest request(
            String provider, Map<String, String> headers, byte[] body, Instant receivedAt) {
        HttpHeaders httpHeaders = new HttpHeaders();
        headers.forEach(httpHeaders::add);
        return new WebhookRequest(provider + "-source", provider, httpHeaders, body, receivedAt);
    }

    public static WebhookSource source(String provider, String... secrets) {
        return new WebhookSource(
                provider,
                List.of(secrets),
                Duration.ofMinutes(5),
                "X-Signature",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    public static Verification.Reason rejection(Verification verification) {
        return verification instanceof Verification.Rejected r ? r.reason() : null;
    }
}
