package dev.payhook.reconciler.matching;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * What reconciliation holds a payment to: how long its settlement may take and the fees its provider
 * may charge, per merchant account where an account has terms of its own, else the sources' (a platform's
 * accounts are often on different contracts with the same provider).
 *
 * @param settlementDelay every account's settlement delay, unless its own says otherwise
 * @param fees            the fee schedule by source, unless an account's says otherwise for a source
 * @param accounts        by merchant account, its own terms
 */
public record ReconciliationTerms(Duration settlementDelay, FeeSchedule fees, Map<String, AccountTerms> accounts) {

    /**
     * One account's terms; each part null (or, for fees, without an entry for a source) falls back to the
     * sources' terms.
     *
     * @param fees the account's schedule, by source: a source it names replaces that source's schedule whole
     */
    public record AccountTerms(Duration settlementDelay, FeeSchedule fees) {

        public AccountTerms {
            fees = fees == null ? FeeSchedule.NONE : fees;
        }
    }

    public ReconciliationTerms {
        accounts = accounts == null ? Map.of() : Map.copyOf(new TreeMap<>(accounts));
    }

    /** The same terms for every account. */
    public static ReconciliationTerms uniform(Duration settlementDelay, FeeSchedule fees) {
        return new ReconciliationTerms(settlementDelay, fees, Map.of());
    }

    /** How long a capture of this account (null: of none known) may take to settle. */
    public Duration settlementDelay(String account) {
        AccountTerms own = account == null ? null : accounts.get(account);
        return own != null && own.settlementDelay() != null ? own.settlementDelay() : settlementDelay;
    }

    /** The fee schedule a payment of this account is checked against. */
    public FeeSchedule fees(String account) {
        AccountTerms own = account == null ? null : accounts.get(account);
        return own == null ? fees : fees.overriddenBy(own.fees());
    }
}
