package dev.payhook.reconciler.stream;

import dev.payhook.common.Discrepancy;
import dev.payhook.common.DiscrepancyStatus;
import dev.payhook.common.DiscrepancyType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * Which discrepancies a listing shows. Every part is optional (null: any).
 *
 * @param currency      ISO 4217 code of the money at stake
 * @param detectedFrom  detected at or after
 * @param detectedUntil detected before
 * @param accounts      the merchant accounts whose discrepancies it shows; null: every account's
 */
public record DiscrepancyFilter(
        DiscrepancyStatus status,
        DiscrepancyType type,
        String currency,
        Instant detectedFrom,
        Instant detectedUntil,
        java.util.Set<String> accounts) {

    public static final DiscrepancyFilter ALL = new DiscrepancyFilter(null, null, null, null, null);

    /** Of every account. */
    public DiscrepancyFilter(
            DiscrepancyStatus status,
            DiscrepancyType type,
            String currency,
            Instant detectedFrom,
            Instant detectedUntil) {
        this(status, type, currency, detectedFrom, detectedUntil, null);
    }

    public DiscrepancyFilter {
        accounts = accounts == null ? null : java.util.Set.copyOf(accounts);
        if (currency != null && !currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("currency is an ISO 4217 code, like EUR.");
        }
        if (detectedFrom != null && detectedUntil != null && !detectedFrom.isBefore(detectedUntil)) {
            throw new IllegalArgumentException("detectedFrom is before detectedUntil.");
        }
    }

    public boolean admits(Discrepancy d) {
        return (status == null || status == d.status())
                && admits(d.type().name(), d.currency())
                && (detectedFrom == null || !d.detectedAt().isBefore(detectedFrom))
                && (detectedUntil == null || d.detectedAt().isBefore(detectedUntil))
                && (accounts == null || d.account() != null && accounts.contains(d.account()));
    }

    /** What the index can tell of the account without reading the discrepancy ({@code ""}: none). */
    boolean admitsAccount(String account) {
        return accounts == null || !account.isEmpty() && accounts.contains(account);
    }

    /** What the index can tell without reading the discrepancy: its type and currency. */
    boolean admits(String typeName, String currencyCode) {
        return (type == null || type.name().equals(typeName)) && (currency == null || currency.equals(currencyCode));
    }

    /** As query parameters, for asking another instance the same. */
    public String query() {
        StringBuilder query = new StringBuilder();
        append(query, "status", status);
        append(query, "type", type);
        append(query, "currency", currency);
        append(query, "detectedFrom", detectedFrom);
        append(query, "detectedUntil", detectedUntil);
        if (accounts != null) {
            new java.util.TreeSet<>(accounts).forEach(account -> append(query, "account", account));
        }
        return query.toString();
    }

    private static void append(StringBuilder query, String name, Object value) {
        if (value != null) {
            query.append(name)
                    .append('=')
                    .append(URLEncoder.encode(Objects.toString(value), StandardCharsets.UTF_8))
                    .append('&');
        }
    }
}
