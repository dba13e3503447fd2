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
 * @param payoutId  the provider's id of it where the report gives one, else its currency (with its place
 *                  among the currency's payout rows when the report has several)
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
     * The transfers of a batch's payouts that pay money out (a negative payout takes money from the bank: it
     * is not looked for as a credit), each assigned to the configured account that takes its provider's
     * payouts in its currency.
     */
    public static List<ExpectedPayout> of(SettlementBatch batch, List<BankAccount> accounts) {
        List<ExpectedPayout> payouts = new ArrayList<>();
        batch.payouts().forEach((payoutKey, payout) -> {
            String currency = payout.currency() != null ? payout.currency() : payoutKey;
            String account = accounts.stream()
                    .filter(a -> currency.equals(a.currency())
                            && a.providers().contains(batch.format())
                            && a.takesPayoutsOf(batch.accounts()))
                    .map(BankAccount::account)
                    .findFirst()
                    .orElse(null);
            List<SettlementBatch.Payout.Transfer> transfers = payout.transfers();
            for (int i = 0; i < transfers.size(); i++) {
                SettlementBatch.Payout.Transfer transfer = transfers.get(i);
                if (transfer.amount() <= 0 || transfer.paidOn() == null) {
                    continue;
                }
                String providerId = providerId(payoutKey, transfer.reference());
                String payoutId =
                        providerId != null ? providerId : transfers.size() == 1 ? payoutKey : payoutKey + "#" + (i + 1);
                payouts.add(new ExpectedPayout(
                        providerId != null ? batch.format() + ":" + providerId : batch.batchId() + ":" + payoutId,
                        payoutId,
                        batch.batchId(),
                        batch.format(),
                        account,
                        transfer.amount(),
                        currency,
                        transfer.paidOn(),
                        transfer.reference()));
            }
        });
        return payouts;
    }

    /**
     * The provider's own id of a payout, the same in every report that carries it: Stripe's {@code po_…}
     * (the payout's key, or its row's reference), Adyen's {@code TX…XT} payout reference; null when the
     * report gives none.
     */
    private static String providerId(String payoutKey, String reference) {
        if (payoutKey.startsWith("po_")) {
            return payoutKey;
        }
        if (reference != null && reference.startsWith("po_")) {
            return reference;
        }
        return adyenReference(reference);
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
