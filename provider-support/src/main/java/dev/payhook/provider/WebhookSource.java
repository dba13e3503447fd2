package dev.payhook.provider;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One configured webhook endpoint: {@code payhook.sources.<name>}.
 *
 * @param provider        the verification and mapping scheme ({@code stripe}, {@code adyen}…)
 * @param secrets         every secret valid right now; several during a rotation. An entry may end in
 *                        {@code " expires=<ISO-8601 instant>"}: from then on it no longer verifies, so
 *                        the old secret of a rotation has a bounded grace window. Standard Webhooks
 *                        sources also take Ed25519 public keys here ({@code whpk_…}), beside or
 *                        instead of {@code whsec_…} secrets
 * @param tolerance       how far a signed timestamp may be from now, past or future
 * @param signatureHeader the header carrying the signature, for {@code generic-hmac}
 * @param apiKey          the provider API key the recovery job polls with (Razorpay: {@code key_id:key_secret});
 *                        a source without one is not polled
 * @param apiBase         the provider API's base URL; null for the provider's public API
 * @param reportTimeZone  the time zone this source's settlement reports are run with (a Stripe report
 *                        with only local-time columns is read in it); null when none is configured
 */
public record WebhookSource(
        @NotBlank String provider,
        @NotEmpty List<@NotBlank String> secrets,
        @DefaultValue("5m") Duration tolerance,
        @DefaultValue("X-Signature") String signatureHeader,
        String apiKey,
        String apiBase,
        String reportTimeZone) {

    /** One configured secret or key, and when it stops verifying (null: never). */
    public record Secret(String value, Instant expiresAt) {

        static final String EXPIRES = " expires=";

        /** {@code <secret>} or {@code <secret> expires=<instant>}; an error names the expiry, never the secret. */
        public static Secret parse(String entry) {
            int at = entry.lastIndexOf(EXPIRES);
            if (at < 0) {
                return new Secret(entry.strip(), null);
            }
            String expiry = entry.substring(at + EXPIRES.length()).strip();
            try {
                return new Secret(entry.substring(0, at).strip(), Instant.parse(expiry));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("expires= must be an ISO-8601 instant such as 2026-12-31T00:00:00Z");
            }
        }

        public boolean validAt(Instant now) {
            return expiresAt == null || now.isBefore(expiresAt);
        }
    }

    /** The secrets and keys that verify a request received at {@code now}: every one not expired by then. */
    public List<String> secretsAt(Instant now) {
        // Every request asks: without an expiry configured (the usual case) the list is the answer as it is.
        if (secrets.stream().noneMatch(secret -> secret.contains(Secret.EXPIRES))) {
            return secrets;
        }
        return secrets.stream()
                .map(Secret::parse)
                .filter(secret -> secret.validAt(now))
                .map(Secret::value)
                .toList();
    }

    /** Secrets must never reach a log line, and records print every component by default. */
    @Override
    public String toString() {
        return "WebhookSource[provider=" + provider + ", secrets=" + secrets.size() + " (masked), tolerance="
                + tolerance + ", signatureHeader=" + signatureHeader + ", apiKey="
                + (apiKey == null ? "none" : "(masked)")
                + ", apiBase=" + apiBase + ", reportTimeZone=" + reportTimeZone + "]";
    }
}
