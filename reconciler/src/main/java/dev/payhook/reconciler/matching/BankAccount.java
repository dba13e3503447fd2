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
 */
public record BankAccount(String account, String currency, List<String> providers, Netting netting) {

    public enum Netting {
        PER_PAYOUT,
        DAILY
    }

    public BankAccount {
        account = normalize(account);
        currency = currency == null ? null : currency.toUpperCase(Locale.ROOT);
        providers = providers == null ? List.of() : List.copyOf(providers);
        netting = netting == null ? Netting.PER_PAYOUT : netting;
    }

    /** Statements write IBANs with or without spaces, in either case. */
    public static String normalize(String account) {
        return account == null ? null : account.replace(" ", "").toUpperCase(Locale.ROOT);
    }
}
