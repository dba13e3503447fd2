package dev.payhook.ingress.provider;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One configured webhook endpoint: {@code payhook.sources.<name>}.
 *
 * @param provider        the verification and mapping scheme ({@code stripe}, {@code adyen}…)
 * @param secrets         every secret valid right now; several during a rotation
 * @param tolerance       how far a signed timestamp may be from now, past or future
 * @param signatureHeader the header carrying the signature, for {@code generic-hmac}
 * @param apiKey          the provider API key the recovery job polls with (Razorpay: {@code key_id:key_secret});
 *                        a source without one is not polled
 * @param apiBase         the provider API's base URL; null for the provider's public API
 */
public record WebhookSource(
        @NotBlank String provider,
        @NotEmpty List<@NotBlank String> secrets,
        @DefaultValue("5m") Duration tolerance,
        @DefaultValue("X-Signature") String signatureHeader,
        String apiKey,
        String apiBase) {

    /** Secrets must never reach a log line, and records print every component by default. */
    @Override
    public String toString() {
        return "WebhookSource[provider=" + provider + ", secrets=" + secrets.size() + " (masked), tolerance="
                + tolerance + ", signatureHeader=" + signatureHeader + ", apiKey="
                + (apiKey == null ? "none" : "(masked)")
                + ", apiBase=" + apiBase + "]";
    }
}
