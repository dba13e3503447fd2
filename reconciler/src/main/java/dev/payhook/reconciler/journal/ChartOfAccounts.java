package dev.payhook.reconciler.journal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The accounts resolutions post to ({@code payhook.journal.accounts}). {@code {source}} and {@code {account}}
 * in a name are replaced by the discrepancy's provider and bank account.
 *
 * @param clearing   what a provider owes the merchant until it pays out: the other side of every entry
 * @param fees       fees the provider charged
 * @param writeOffs  losses and gains taken
 * @param refunds    refunds issued that the provider will report later
 * @param bank       the merchant's bank account money was confirmed in
 */
@ConfigurationProperties("payhook.journal.accounts")
public record ChartOfAccounts(
        @DefaultValue("psp-clearing:{source}") String clearing,
        @DefaultValue("fees") String fees,
        @DefaultValue("write-offs") String writeOffs,
        @DefaultValue("refunds") String refunds,
        @DefaultValue("bank:{account}") String bank) {

    public static final ChartOfAccounts DEFAULT =
            new ChartOfAccounts("psp-clearing:{source}", "fees", "write-offs", "refunds", "bank:{account}");

    String clearing(String source) {
        return clearing.replace("{source}", source == null ? "unknown" : source);
    }

    /** The bank account's; {@code bank} alone when the discrepancy names none (a break that is not the bank leg's). */
    String bank(String account) {
        return account == null
                ? bank.replace(":{account}", "").replace("{account}", "")
                : bank.replace("{account}", account);
    }
}
