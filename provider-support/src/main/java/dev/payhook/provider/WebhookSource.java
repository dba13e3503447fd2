package dev.payhook.provider;

import dev.payhook.common.Identifiers;
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
 * @param reportType      the Stripe report the collector runs each day: {@code balance_change_from_activity.itemized.3}
 *                        (null: the default) or {@code payout_reconciliation.itemized.5}
 * @param reportUsername  Adyen's report user the collector downloads announced reports with
 * @param reportPassword  its password
 * @param reportHosts     the only hosts a report is downloaded from; empty: the provider's own
 *                        ({@link #DEFAULT_REPORT_HOSTS}), and the {@code apiBase} host when one is set
 * @param account         the merchant account of this source's events and reports where they name none
 *                        themselves (a Stripe account that is not a Connect platform); null: none
 */
public record WebhookSource(
        @NotBlank String provider,
        @NotEmpty List<@NotBlank String> secrets,
        @DefaultValue("5m") Duration tolerance,
        @DefaultValue("X-Signature") String signatureHeader,
        String apiKey,
        String apiBase,
        String reportTimeZone,
        String reportType,
        String reportUsername,
        String reportPassword,
        @DefaultValue List<String> reportHosts,
        String account) {

    public WebhookSource {
        Identifiers.bounded("payhook.sources.<name>.account", account);
        reportHosts = reportHosts == null ? List.of() : List.copyOf(reportHosts);
    }

    /** Where each provider serves its report files: Stripe's Files API, Adyen's live and test report hosts. */
    public static final java.util.Map<String, List<String>> DEFAULT_REPORT_HOSTS = java.util.Map.of(
            "stripe", List.of("files.stripe.com"),
            "adyen", List.of("ca-live.adyen.com", "ca-test.adyen.com"),
            "razorpay", List.of("api.razorpay.com"));

    /** The hosts a report of this source may be fetched from: the configured ones, else the provider's. */
    public List<String> allowedReportHosts() {
        if (!reportHosts.isEmpty()) {
            return reportHosts;
        }
        List<String> hosts = new java.util.ArrayList<>(DEFAULT_REPORT_HOSTS.getOrDefault(provider, List.of()));
        if (apiBase != null) {
            hosts.add(java.net.URI.create(apiBase).getHost());
        }
        return hosts;
    }

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
                + ", apiBase=" + apiBase + ", reportTimeZone=" + reportTimeZone + ", reportType=" + reportType
                + ", reportUsername=" + reportUsername + ", reportPassword="
                + (reportPassword == null ? "none" : "(masked)") + ", reportHosts=" + reportHosts + ", account="
                + account + "]";
    }
}
