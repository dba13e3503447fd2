package dev.payhook.reconciler.report;

import dev.payhook.common.BankLine;
import dev.payhook.common.Discrepancy;
import dev.payhook.reconciler.matching.BankAccount;
import dev.payhook.reconciler.matching.ExpectedPayout;
import dev.payhook.reconciler.stream.BankAccountState;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The bank leg as finance reads it ({@code GET /reconciliation/payouts}): each bank account with its
 * matched, pending and broken payouts, and each payout with its batch, the day it was due and the bank
 * credit that paid it, or how late it is.
 *
 * @param accounts every account payouts are expected on or statements arrived for
 * @param payouts  newest payout first, at most the limit asked for
 */
public record BankReconciliation(List<AccountStatus> accounts, List<PayoutStatus> payouts) {

    /** Only these bank accounts, and the payouts expected on them. */
    public BankReconciliation within(java.util.Set<String> bankAccounts) {
        return new BankReconciliation(
                accounts.stream()
                        .filter(a -> bankAccounts.contains(a.account()))
                        .toList(),
                payouts.stream()
                        .filter(p -> p.account() != null && bankAccounts.contains(p.account()))
                        .toList());
    }

    /** What became of a payout. */
    public enum Status {
        /** A credit of its amount arrived. */
        MATCHED,
        /** A credit carrying its reference arrived, for another amount: BANK_AMOUNT_MISMATCH. */
        SHORT,
        /** The account's statements cover its window, and no credit: PAYOUT_NOT_RECEIVED. */
        NOT_RECEIVED,
        /** No credit yet, and the statements do not cover its window yet. */
        PENDING,
        /** No bank account is configured for its provider and currency: not looked for. */
        NO_ACCOUNT
    }

    /**
     * @param name           the account's name in {@code payhook.bank.accounts}; null for one only statements name
     * @param coveredThrough the last day its statements cover
     * @param broken         its open bank discrepancies (payouts not received or short, unexpected credits)
     */
    public record AccountStatus(
            String account,
            String name,
            String currency,
            List<String> providers,
            String netting,
            LocalDate coveredThrough,
            long matched,
            long pending,
            long broken,
            Instant assessedAt) {}

    /**
     * @param daysLate calendar days past its due day (today, UTC) with no credit; null when paid or not due
     * @param credit   the bank line that paid it (or carries its reference, when short)
     */
    public record PayoutStatus(
            String payoutKey,
            String payoutId,
            String provider,
            String batchId,
            String account,
            long amount,
            String currency,
            LocalDate paidOn,
            LocalDate dueBy,
            Status status,
            Long daysLate,
            BankLine credit) {}

    /** From the stores of the task that owns the bank leg. */
    static BankReconciliation of(
            Map<String, BankAccount> configured,
            List<ExpectedPayout> payouts,
            Map<String, BankAccountState> states,
            Function<String, BankLine> credit,
            Function<String, Discrepancy> discrepancy,
            LocalDate today,
            String accountFilter,
            Status statusFilter,
            int limit) {
        Map<String, AccountStatus> accounts = new TreeMap<>();
        Map<String, long[]> tallies = new TreeMap<>();
        List<PayoutStatus> statuses = new ArrayList<>();
        for (ExpectedPayout payout : payouts) {
            BankAccountState state = payout.account() == null ? null : states.get(payout.account());
            PayoutStatus status = status(payout, state, credit, today);
            statuses.add(status);
            if (payout.account() != null) {
                long[] tally = tallies.computeIfAbsent(payout.account(), a -> new long[2]);
                if (status.status() == Status.MATCHED) {
                    tally[0]++;
                } else if (status.status() == Status.PENDING) {
                    tally[1]++;
                }
            }
        }
        Map<String, String> names = new TreeMap<>();
        configured.forEach((name, account) -> names.put(account.account(), name));
        java.util.Set<String> known = new java.util.TreeSet<>(names.keySet());
        known.addAll(states.keySet());
        for (String account : known) {
            String name = names.get(account);
            BankAccount config = name == null ? null : configured.get(name);
            BankAccountState state = states.get(account);
            long broken = state == null
                    ? 0
                    : state.discrepancies().stream()
                            .map(discrepancy)
                            .filter(d -> d != null && d.isOpen())
                            .count();
            long[] tally = tallies.getOrDefault(account, new long[2]);
            accounts.put(
                    account,
                    new AccountStatus(
                            account,
                            name,
                            config == null ? null : config.currency(),
                            config == null ? List.of() : config.providers(),
                            config == null ? null : config.netting().name(),
                            state == null ? null : state.coveredThrough(),
                            tally[0],
                            tally[1],
                            broken,
                            state == null ? null : state.assessedAt()));
        }
        List<PayoutStatus> shown = statuses.stream()
                .filter(p -> accountFilter == null || accountFilter.equals(p.account()))
                .filter(p -> statusFilter == null || statusFilter == p.status())
                .sorted(Comparator.comparing(PayoutStatus::paidOn).reversed().thenComparing(PayoutStatus::payoutKey))
                .limit(limit)
                .toList();
        return new BankReconciliation(List.copyOf(accounts.values()), shown);
    }

    private static PayoutStatus status(
            ExpectedPayout payout, BankAccountState state, Function<String, BankLine> credit, LocalDate today) {
        Status status;
        BankLine paidBy = null;
        LocalDate due = state == null ? null : state.dueBy().get(payout.key());
        if (payout.account() == null) {
            status = Status.NO_ACCOUNT;
        } else if (state != null && state.credits().containsKey(payout.key())) {
            status = Status.MATCHED;
            paidBy = credit.apply(
                    BankAccountState.storeKey(payout.account(), state.credits().get(payout.key())));
        } else if (state != null && state.shortPaid().containsKey(payout.key())) {
            status = Status.SHORT;
            paidBy = credit.apply(BankAccountState.storeKey(
                    payout.account(), state.shortPaid().get(payout.key())));
        } else if (due != null
                && state.coveredThrough() != null
                && !state.coveredThrough().isBefore(due)) {
            status = Status.NOT_RECEIVED;
        } else {
            status = Status.PENDING;
        }
        Long late = (status == Status.PENDING || status == Status.NOT_RECEIVED) && due != null && today.isAfter(due)
                ? ChronoUnit.DAYS.between(due, today)
                : null;
        return new PayoutStatus(
                payout.key(),
                payout.payoutId(),
                payout.provider(),
                payout.batchId(),
                payout.account(),
                payout.amount(),
                payout.currency(),
                payout.paidOn(),
                due,
                status,
                late,
                paidBy);
    }
}
