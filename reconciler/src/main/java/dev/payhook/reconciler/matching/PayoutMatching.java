package dev.payhook.reconciler.matching;

import dev.payhook.common.BankLine;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The bank leg of one account: which credit on the bank statements paid which provider payout, and what
 * is broken. A pure function of the account's payouts, its credits and the day, so the rules are tested
 * on their own and a replay decides the same:
 *
 * <ol>
 *   <li>A credit that carries a payout's reference (Stripe's {@code po_…}, Adyen's {@code TX…XT}) is that
 *       payout's credit: the same amount matches, another amount is a {@code BANK_AMOUNT_MISMATCH}. A
 *       credit carrying several payouts' references is their netted credit, matched on their sum.
 *   <li>A payout still unmatched matches a credit without a reference of the same currency and exact
 *       amount whose value date is within the payout window (business days, Monday to Friday, from the
 *       day before the payout's date: a payout booked late in the evening in UTC is the next day in
 *       Europe); the credit dated nearest the payout first.
 *   <li>On an account that nets daily, a day's unmatched payouts match one such credit of their sum.
 *   <li>A payout with no credit once the account's statements cover the last day of its window is
 *       {@code PAYOUT_NOT_RECEIVED}; before, pending (however late the clock says it is: the bank has
 *       not yet said).
 *   <li>A credit left unmatched whose counterparty or remittance names a provider is
 *       {@code UNEXPECTED_PAYOUT_CREDIT}.
 * </ol>
 */
public final class PayoutMatching {

    private PayoutMatching() {}

    /**
     * @param windowDays    business days after its date a payout may take to reach the account
     *                      ({@code payhook.bank.payout-window})
     * @param providerNames by provider, the names its credits carry ({@code STRIPE}, {@code ADYEN}…)
     */
    public record Settings(int windowDays, Map<String, List<String>> providerNames) {}

    /**
     * @param credits    by payout key, the credits that paid it (one, or one shared by a day's netted payouts)
     * @param shortPaid  by payout key, the credit that carries its reference for another amount
     * @param dueBy      by payout key, the last day of its window
     * @param findings   the account's breaks now
     */
    public record Result(
            SortedMap<String, String> credits,
            SortedMap<String, String> shortPaid,
            SortedMap<String, LocalDate> dueBy,
            List<Finding> findings) {}

    public static Result match(
            String account,
            BankAccount.Netting netting,
            Collection<ExpectedPayout> payouts,
            Collection<BankLine> lines,
            LocalDate coveredThrough,
            Settings settings) {
        List<ExpectedPayout> open = new ArrayList<>(payouts);
        open.sort(Comparator.comparing(ExpectedPayout::paidOn).thenComparing(ExpectedPayout::key));
        List<BankLine> credits =
                new ArrayList<>(lines.stream().filter(BankLine::credit).toList());
        credits.sort(Comparator.comparing(BankLine::valueDate).thenComparing(BankLine::lineId));
        SortedMap<String, String> matched = new TreeMap<>();
        SortedMap<String, String> shortPaid = new TreeMap<>();
        SortedMap<String, LocalDate> dueBy = new TreeMap<>();
        List<Finding> findings = new ArrayList<>();
        Set<String> usedCredits = new HashSet<>();
        open.forEach(p -> dueBy.put(p.key(), addBusinessDays(p.paidOn(), settings.windowDays())));

        // 1. By reference: the credits naming one payout are its credits, together (a remainder the
        // bank credits later completes it); a credit naming several is their netted credit.
        Map<ExpectedPayout, List<BankLine>> byPayout = new LinkedHashMap<>();
        for (BankLine credit : credits) {
            String text = credit.searchableText().toUpperCase(Locale.ROOT);
            List<ExpectedPayout> named = open.stream()
                    .filter(p -> p.currency().equals(credit.currency()))
                    .filter(p -> p.bankReferences().stream().anyMatch(reference -> containsWord(text, reference)))
                    .toList();
            if (named.size() == 1) {
                usedCredits.add(credit.lineId());
                byPayout.computeIfAbsent(named.get(0), p -> new ArrayList<>()).add(credit);
            } else if (named.size() > 1) {
                usedCredits.add(credit.lineId());
                settle(account, named, List.of(credit), matched, shortPaid, findings);
                open.removeAll(named);
            }
        }
        byPayout.forEach((payout, paid) -> {
            if (open.remove(payout)) {
                settle(account, List.of(payout), paid, matched, shortPaid, findings);
            }
        });

        // 2. By amount within the window.
        for (ExpectedPayout payout : List.copyOf(open)) {
            candidate(payout.amount(), payout, credits, usedCredits, dueBy.get(payout.key()))
                    .ifPresent(credit -> {
                        usedCredits.add(credit.lineId());
                        matched.put(payout.key(), credit.lineId());
                        open.remove(payout);
                    });
        }

        // 3. A day's payouts netted into one credit.
        if (netting == BankAccount.Netting.DAILY) {
            SortedMap<LocalDate, List<ExpectedPayout>> byDay = new TreeMap<>();
            open.forEach(p ->
                    byDay.computeIfAbsent(p.paidOn(), d -> new ArrayList<>()).add(p));
            byDay.forEach((day, group) -> {
                if (group.size() < 2
                        || group.stream()
                                        .map(ExpectedPayout::currency)
                                        .distinct()
                                        .count()
                                > 1) {
                    return;
                }
                long sum = group.stream().mapToLong(ExpectedPayout::amount).sum();
                candidate(sum, group.get(0), credits, usedCredits, addBusinessDays(day, settings.windowDays()))
                        .ifPresent(credit -> {
                            usedCredits.add(credit.lineId());
                            group.forEach(p -> matched.put(p.key(), credit.lineId()));
                            open.removeAll(group);
                        });
            });
        }

        // 4. Payouts whose window has passed.
        for (ExpectedPayout payout : open) {
            if (coveredThrough != null && !coveredThrough.isBefore(dueBy.get(payout.key()))) {
                findings.add(Findings.payoutNotReceived(account, payout, dueBy.get(payout.key())));
            }
        }

        // 5. Provider money that pays no payout.
        for (BankLine credit : credits) {
            if (usedCredits.contains(credit.lineId())) {
                continue;
            }
            providerNamed(credit, settings.providerNames())
                    .ifPresent(provider -> findings.add(Findings.unexpectedPayoutCredit(account, provider, credit)));
        }
        return new Result(matched, shortPaid, dueBy, findings);
    }

    /** Payouts and the credits that carry their references: matched when the sums agree, else short. */
    private static void settle(
            String account,
            List<ExpectedPayout> payouts,
            List<BankLine> paid,
            Map<String, String> matched,
            Map<String, String> shortPaid,
            List<Finding> findings) {
        long expected = payouts.stream().mapToLong(ExpectedPayout::amount).sum();
        long credited = paid.stream().mapToLong(BankLine::amount).sum();
        BankLine last = paid.get(paid.size() - 1);
        for (ExpectedPayout payout : payouts) {
            if (expected == credited) {
                matched.put(payout.key(), last.lineId());
            } else {
                shortPaid.put(payout.key(), last.lineId());
                findings.add(Findings.bankAmountMismatch(account, payout, payouts.size(), expected, paid));
            }
        }
    }

    /** An unused credit of this amount and currency within the payout's window, the nearest its date first. */
    private static Optional<BankLine> candidate(
            long amount, ExpectedPayout payout, List<BankLine> credits, Set<String> used, LocalDate due) {
        LocalDate from = payout.paidOn().minusDays(1);
        return credits.stream()
                .filter(c -> !used.contains(c.lineId()))
                .filter(c -> c.amount() == amount && c.currency().equals(payout.currency()))
                .filter(c -> !c.valueDate().isBefore(from) && !c.valueDate().isAfter(due))
                .findFirst();
    }

    private static Optional<String> providerNamed(BankLine credit, Map<String, List<String>> providerNames) {
        String text = credit.searchableText().toUpperCase(Locale.ROOT);
        return providerNames.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(name -> containsWord(text, name.toUpperCase(Locale.ROOT))))
                .map(Map.Entry::getKey)
                .sorted()
                .findFirst();
    }

    /** A provider's name as a word of its own: ADYEN in "ADYEN N.V.", never STRIPE in "STRIPES LTD". */
    private static boolean containsWord(String text, String word) {
        int at = text.indexOf(word);
        while (at >= 0) {
            boolean startsWord = at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1));
            int end = at + word.length();
            boolean endsWord = end == text.length() || !Character.isLetterOrDigit(text.charAt(end));
            if (startsWord && endsWord) {
                return true;
            }
            at = text.indexOf(word, at + 1);
        }
        return false;
    }

    /** The day {@code days} business days (Monday to Friday) after {@code day}. */
    public static LocalDate addBusinessDays(LocalDate day, int days) {
        LocalDate date = day;
        int added = 0;
        while (added < days) {
            date = date.plusDays(1);
            if (date.getDayOfWeek() != DayOfWeek.SATURDAY && date.getDayOfWeek() != DayOfWeek.SUNDAY) {
                added++;
            }
        }
        return date;
    }
}
