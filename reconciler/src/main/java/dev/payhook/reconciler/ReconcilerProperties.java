package dev.payhook.reconciler;

import dev.payhook.reconciler.matching.FeeSchedule;
import dev.payhook.reconciler.matching.ReconciliationTerms;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param settlementDelay how long after its capture a payment may take to appear in a settlement
 *                        report: a captured payment is MISSING_SETTLEMENT only once a batch whose
 *                        cut-off is later than capture + delay has arrived without it
 * @param maxLinesPerPayment settlement lines one payment may hold; a line past it is dead-lettered,
 *                        so a flood of lines for one payment id never grows its record without bound
 * @param fees            the fee schedule: source → payment method (or {@code default}) → percent, fixed
 *                        and tolerance; a capture line whose fee is off it is a FEE_MISMATCH. Empty: no check
 * @param accounts        by merchant account, terms of its own: {@code settlement-delay} and {@code fees} (source →
 *                        payment method → rule, as {@code fees}); what an account does not set is the sources'
 * @param advertisedHost  the host other reconciler instances reach this one on, for queries
 * @param topics          whether the reconciler creates its topics (local, tests) and with how many
 *                        partitions: the same number as {@code payhook.payments} and {@code payhook.settlements}
 */
@ConfigurationProperties("payhook.reconciler")
public record ReconcilerProperties(
        @DefaultValue("3d") Duration settlementDelay,
        @DefaultValue("200") int maxLinesPerPayment,
        Map<String, Map<String, FeeSchedule.Rule>> fees,
        Map<String, AccountSettings> accounts,
        @DefaultValue("localhost") String advertisedHost,
        @DefaultValue TopicProvisioning topics) {

    /** One merchant account's own terms; what it leaves out is the sources'. */
    public record AccountSettings(Duration settlementDelay, Map<String, Map<String, FeeSchedule.Rule>> fees) {}

    /** The terms reconciliation holds each payment to. */
    public ReconciliationTerms terms() {
        Map<String, ReconciliationTerms.AccountTerms> byAccount = new java.util.TreeMap<>();
        if (accounts != null) {
            accounts.forEach((account, own) -> byAccount.put(
                    account,
                    new ReconciliationTerms.AccountTerms(
                            own.settlementDelay(), own.fees() == null ? null : new FeeSchedule(own.fees()))));
        }
        return new ReconciliationTerms(settlementDelay, new FeeSchedule(fees), byAccount);
    }

    public record TopicProvisioning(@DefaultValue("true") boolean create, @DefaultValue("6") int partitions) {}
}
