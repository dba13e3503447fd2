package dev.payhook.ingress.settlement;

import dev.payhook.web.operators.Operator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which merchant accounts each bank account serves, as the reconciler's {@code payhook.bank.accounts}
 * says (only the parts an upload's scope needs): an operator limited to merchant accounts may upload the
 * statements of a bank account that serves only theirs. Without it here, only operators of every account
 * upload statements.
 *
 * @param accounts by a name of the operator's choosing, as in the reconciler's configuration
 */
@ConfigurationProperties("payhook.bank")
public record BankStatementScopes(Map<String, BankAccountScope> accounts) {

    /**
     * @param account          as statements name it: an IBAN (spaces ignored) or the bank's account number
     * @param merchantAccounts the merchant accounts whose payouts arrive on it
     */
    public record BankAccountScope(String account, List<String> merchantAccounts) {}

    public BankStatementScopes {
        accounts = accounts == null ? Map.of() : Map.copyOf(accounts);
    }

    /** The bank accounts whose statements {@code operator} may upload. */
    Predicate<String> permittedFor(Operator operator) {
        if (!operator.isScoped()) {
            return account -> true;
        }
        Map<String, List<String>> served = new TreeMap<>();
        accounts.values()
                .forEach(a -> served.put(
                        normalize(a.account()), a.merchantAccounts() == null ? List.of() : a.merchantAccounts()));
        return account -> operator.seesAll(served.getOrDefault(normalize(account), List.of()));
    }

    /** Statements write IBANs with or without spaces, in either case. */
    private static String normalize(String account) {
        return account == null ? "" : account.replace(" ", "").toUpperCase(Locale.ROOT);
    }
}
