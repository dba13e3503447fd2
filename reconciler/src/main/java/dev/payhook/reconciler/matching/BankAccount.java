package dev.payhook.reconciler.matching;

import java.util.List;
import java.util.Locale;

/**
 * A merchant bank account payouts arrive on ({@code payhook.bank.accounts.<name>}).
 *
 * @param account   as the bank's statements name it: an IBAN (spaces are ignored) or the bank's account number
 * @param currency  the account's currency: a payout in another currency does not arrive here
 * @param providers whose payouts arrive here, by settlement report format ({@code stripe}, {@code adyen},
 *                  {@code razorpay}, {@code generic})
 * @param netting   {@code per-payout} (each payout its own credit; Stripe and Adyen pay out this way) or
 *                  {@code daily} (the bank, or the provider, books a day's payouts to the account as one
 *                  credit): with {@code daily}, several payouts of one day may match one credit of their sum
 * @param merchantAccounts the merchant accounts whose payouts arrive here; empty: any (one bank account for
 *                  every merchant account of the provider and currency)
 */
public record BankAccount(
        String account, String currency, List<String> providers, Netting netting, List<String> merchantAccounts) {

    public enum Netting {
        PER_PAYOUT,
        DAILY
    }

    public BankAccount {
        account = normalize(account);
        currency = currency == null ? null : currency.toUpperCase(Locale.ROOT);
        providers = providers == null ? List.of() : List.copyOf(providers);
        netting = netting == null ? Netting.PER_PAYOUT : netting;
        merchantAccounts = merchantAccounts == null ? List.of() : List.copyOf(merchantAccounts);
    }

    /** Whether the payouts of a batch of these merchant accounts arrive here. */
    public boolean takesPayoutsOf(java.util.Collection<String> batchAccounts) {
        return merchantAccounts.isEmpty() || batchAccounts.stream().anyMatch(merchantAccounts::contains);
    }

    /** The one merchant account this bank account serves; null when it serves several, or any. */
    public String merchantAccount() {
        return merchantAccounts.size() == 1 ? merchantAccounts.get(0) : null;
    }

    /** Statements write IBANs with or without spaces, in either case. */
    public static String normalize(String account) {
        return account == null ? null : account.replace(" ", "").toUpperCase(Locale.ROOT);
    }
}
