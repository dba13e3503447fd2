package dev.payhook.reconciler;

import dev.payhook.reconciler.matching.BankAccount;
import dev.payhook.reconciler.matching.PayoutMatching;
import dev.payhook.reconciler.stream.BankSettings;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The bank leg ({@code payhook.bank}): payouts matched against the merchant's bank statements.
 *
 * @param payoutWindow  business days (Monday to Friday) after its date a payout may take to be credited:
 *                      after that, with no credit, it is {@code PAYOUT_NOT_RECEIVED}
 * @param accounts      by a name of the operator's choosing, the bank accounts payouts arrive on
 * @param providerNames by provider (settlement format), the names its credits carry in their counterparty or
 *                      remittance: a credit naming one that pays no payout is {@code UNEXPECTED_PAYOUT_CREDIT}.
 *                      Empty: {@code STRIPE}, {@code ADYEN}, {@code RAZORPAY}
 */
@ConfigurationProperties("payhook.bank")
public record BankProperties(
        @DefaultValue("5") int payoutWindow,
        Map<String, BankAccount> accounts,
        Map<String, List<String>> providerNames) {

    public BankProperties {
        if (payoutWindow < 0) {
            throw new IllegalArgumentException("payhook.bank.payout-window must be zero or more business days");
        }
        accounts = accounts == null ? Map.of() : new TreeMap<>(accounts);
        providerNames = providerNames == null || providerNames.isEmpty()
                ? BankSettings.NONE.matching().providerNames()
                : providerNames;
    }

    public BankSettings settings() {
        return new BankSettings(
                List.copyOf(accounts.values()), new PayoutMatching.Settings(payoutWindow, providerNames));
    }
}
