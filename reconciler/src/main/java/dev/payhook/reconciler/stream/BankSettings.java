package dev.payhook.reconciler.stream;

import dev.payhook.reconciler.matching.BankAccount;
import dev.payhook.reconciler.matching.PayoutMatching;
import java.util.List;

/**
 * The bank leg's configuration, as the topology takes it.
 *
 * @param accounts the merchant's bank accounts and whose payouts each takes
 * @param matching the payout window and the providers' names
 */
public record BankSettings(List<BankAccount> accounts, PayoutMatching.Settings matching) {

    /** No bank account configured: payouts are kept, and provider-named credits are still checked. */
    public static final BankSettings NONE = new BankSettings(
            List.of(),
            new PayoutMatching.Settings(
                    5,
                    java.util.Map.of(
                            "stripe", List.of("STRIPE"), "adyen", List.of("ADYEN"), "razorpay", List.of("RAZORPAY"))));

    public BankSettings {
        accounts = List.copyOf(accounts);
    }

    BankAccount account(String account) {
        return accounts.stream()
                .filter(a -> a.account().equals(account))
                .findFirst()
                .orElse(null);
    }
}
