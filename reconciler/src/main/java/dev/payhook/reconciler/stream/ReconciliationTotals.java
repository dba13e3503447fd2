package dev.payhook.reconciler.stream;

import dev.payhook.common.SettlementLine;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Running counts over one task's payments, kept up to date by difference on every change, so
 * the summary never has to read every payment: one under the task's key ({@code partition-3}), and one
 * per merchant account under {@code partition-3@<account>} ({@code @-}: no account).
 *
 * @param settled amounts of all settlement lines by currency (minor units)
 * @param matchedAmount amounts of matched lines by currency
 */
public record ReconciliationTotals(
        long lines,
        long matchedLines,
        long awaitingSettlement,
        SortedMap<String, Long> settled,
        SortedMap<String, Long> matchedAmount) {

    public ReconciliationTotals {
        // Unmodifiable: a task keeps its running totals decoded between lines (HotKeys), so a value once
        // read must never change under it.
        settled = Collections.unmodifiableSortedMap(settled == null ? new TreeMap<>() : new TreeMap<>(settled));
        matchedAmount = Collections.unmodifiableSortedMap(
                matchedAmount == null ? new TreeMap<>() : new TreeMap<>(matchedAmount));
    }

    public static final ReconciliationTotals NONE = new ReconciliationTotals(0, 0, 0, null, null);

    /** What separates a task's key from an account in the key of that account's totals. */
    public static final String ACCOUNT = "@";

    static String key(String taskKey, String account) {
        return taskKey + ACCOUNT + (account == null ? "-" : account);
    }

    /** Whether a key holds one account's totals, not a task's of every account. */
    public static boolean isPerAccount(String key) {
        return key.contains(ACCOUNT);
    }

    /** The account whose totals a per-account key holds; null for payments of no account. */
    public static String accountOf(String key) {
        String account = key.substring(key.indexOf(ACCOUNT) + 1);
        return account.equals("-") ? null : account;
    }

    static ReconciliationTotals of(PaymentReconciliation payment) {
        SortedMap<String, Long> settled = new TreeMap<>();
        SortedMap<String, Long> matched = new TreeMap<>();
        for (SettlementLine line : payment.lines().values()) {
            settled.merge(line.currency(), line.amount(), Long::sum);
            if (payment.matched().contains(line.reference())) {
                matched.merge(line.currency(), line.amount(), Long::sum);
            }
        }
        return new ReconciliationTotals(
                payment.lines().size(),
                payment.matched().size(),
                payment.awaitingSettlement() ? 1 : 0,
                settled,
                matched);
    }

    public ReconciliationTotals plus(ReconciliationTotals other, int sign) {
        return new ReconciliationTotals(
                lines + sign * other.lines,
                matchedLines + sign * other.matchedLines,
                awaitingSettlement + sign * other.awaitingSettlement,
                add(settled, other.settled, sign),
                add(matchedAmount, other.matchedAmount, sign));
    }

    private static SortedMap<String, Long> add(Map<String, Long> a, Map<String, Long> b, int sign) {
        SortedMap<String, Long> sum = new TreeMap<>(a);
        b.forEach((currency, amount) -> sum.merge(currency, sign * amount, Long::sum));
        sum.values().removeIf(v -> v == 0);
        return sum;
    }
}
