package dev.payhook.reconciler.matching;

import dev.payhook.common.SettlementBatch;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A payout a provider's settlement report says it sent: what the bank leg looks for on the account.
 *
 * @param key       the payout's identity, the same in every report that carries it: the provider's payout
 *                  id where the report has one (Stripe's {@code po_…}, Adyen's {@code TX…XT} payout reference),
 *                  else the batch and currency
 * @param payoutId  what the report calls it: its id, or its currency in a report keyed by currency
 * @param provider  the settlement report format it came in
 * @param account   the configured bank account it should arrive on; null when no account takes this
 *                  provider's payouts in this currency
 * @param amount    what it pays out, minor units of {@code currency}
 * @param paidOn    the day the report books it (UTC)
 * @param reference what the provider sends the bank with it, when the report says (Adyen's payout description)
 */
public record ExpectedPayout(
        String key,
        String payoutId,
        String batchId,
        String provider,
        String account,
        long amount,
        String currency,
        LocalDate paidOn,
        String reference) {

    /** Adyen's unique payout reference at the start of its default payout description. */
    private static final Pattern ADYEN_PAYOUT_REFERENCE = Pattern.compile("\\bTX[0-9A-Z]+XT\\b");

    /**
     * The payouts of a batch that pay money out (a negative payout takes money from the bank: it is not
     * looked for as a credit), each assigned to the configured account that takes its provider's payouts
     * in its currency.
     */
    public static List<ExpectedPayout> of(SettlementBatch batch, List<BankAccount> accounts) {
        List<ExpectedPayout> payouts = new ArrayList<>();
        batch.payouts().forEach((payoutId, payout) -> {
            String currency = payout.currency() != null ? payout.currency() : payoutId;
            if (payout.paid() <= 0 || payout.paidOn() == null) {
                return;
            }
            String account = accounts.stream()
                    .filter(a -> currency.equals(a.currency()) && a.providers().contains(batch.format()))
                    .map(BankAccount::account)
                    .findFirst()
                    .orElse(null);
            payouts.add(new ExpectedPayout(
                    identity(batch, payoutId, payout),
                    payoutId,
                    batch.batchId(),
                    batch.format(),
                    account,
                    payout.paid(),
                    currency,
                    payout.paidOn(),
                    payout.reference()));
        });
        return payouts;
    }

    private static String identity(SettlementBatch batch, String payoutId, SettlementBatch.Payout payout) {
        if (payout.currency() != null) {
            return batch.format() + ":" + payoutId; // keyed by the provider's own payout id
        }
        if (payout.reference() != null && payout.reference().startsWith("po_")) {
            return batch.format() + ":" + payout.reference();
        }
        String adyen = adyenReference(payout.reference());
        return adyen != null ? batch.format() + ":" + adyen : batch.batchId() + ":" + payoutId;
    }

    /**
     * The texts that, found on a bank credit, say it is this payout: the provider's payout id ({@code po_…}),
     * Adyen's {@code TX…XT} reference, or its whole description. Upper case, as banks often write them.
     */
    public List<String> bankReferences() {
        List<String> references = new ArrayList<>();
        if (payoutId.startsWith("po_")) {
            references.add(payoutId.toUpperCase(Locale.ROOT));
        }
        String adyen = adyenReference(reference);
        if (reference == null || references.contains(reference.toUpperCase(Locale.ROOT))) {
            return references;
        } else if (reference.startsWith("po_")) {
            references.add(reference.toUpperCase(Locale.ROOT));
        } else if (adyen != null) {
            references.add(adyen);
        } else if (reference.length() >= 8) {
            references.add(reference.toUpperCase(Locale.ROOT).replaceAll("\\s+", " "));
        }
        return references;
    }

    private static String adyenReference(String reference) {
        if (reference == null) {
            return null;
        }
        Matcher m = ADYEN_PAYOUT_REFERENCE.matcher(reference.toUpperCase(Locale.ROOT));
        return m.find() ? m.group() : null;
    }
}
