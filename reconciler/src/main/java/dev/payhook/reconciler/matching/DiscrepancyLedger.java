package dev.payhook.reconciler.matching;

import dev.payhook.common.Discrepancy;
import dev.payhook.common.DiscrepancyResolution;
import dev.payhook.common.DiscrepancyStatus;
import dev.payhook.common.DiscrepancyType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A payment's discrepancies over time: what it had before, what reconciliation finds now and what
 * operators resolved give what it has now and what changed. A pure function, so the lifecycle rules
 * are tested on their own:
 *
 * <ul>
 *   <li>a finding is a discrepancy with a stable id, first detected when first found, and kept;
 *   <li>an operator's resolution closes it for good, even while the evidence still shows it;
 *   <li>an open discrepancy no longer found was cleared by later evidence, and says which;
 *   <li>one cleared by evidence and found again opens again, with its first detection time;
 *   <li>the same inputs again change nothing, so replays and re-uploads emit nothing.
 * </ul>
 */
public final class DiscrepancyLedger {

    private DiscrepancyLedger() {}

    /**
     * One discrepancy that changed.
     *
     * @param before as it was emitted before, null if it is new
     */
    public record Change(Discrepancy before, Discrepancy after) {

        public boolean opened() {
            return after.isOpen() && (before == null || !before.isOpen());
        }

        public boolean resolved() {
            return !after.isOpen() && (before == null || before.isOpen());
        }
    }

    /**
     * @param discrepancies every discrepancy of the payment now, by id
     * @param changes       those that differ from before, in the order of the findings, then the cleared
     */
    public record Entries(SortedMap<String, Discrepancy> discrepancies, List<Change> changes) {}

    /**
     * @param account     the merchant account the payment (or batch) belongs to; null when unknown
     * @param previous    the payment's discrepancies as last emitted, by id
     * @param findings    what reconciliation finds now, all of it
     * @param resolutions operators' resolutions, by discrepancy id
     * @param at          when: the first detection time of a new discrepancy, the resolution time of a cleared one
     */
    public static Entries apply(
            String paymentId,
            String account,
            Map<String, Discrepancy> previous,
            List<Finding> findings,
            Map<String, DiscrepancyResolution> resolutions,
            Instant at) {
        return apply(paymentId, account, previous, findings, resolutions, at, false);
    }

    /**
     * @param recoveredByPolling some of the payment's events reached payhook only through the recovery
     *                           job: a break they clear says so
     */
    public static Entries apply(
            String paymentId,
            String account,
            Map<String, Discrepancy> previous,
            List<Finding> findings,
            Map<String, DiscrepancyResolution> resolutions,
            Instant at,
            boolean recoveredByPolling) {
        SortedMap<String, Discrepancy> now = new TreeMap<>(previous);
        List<Change> changes = new ArrayList<>();
        Set<String> found = new HashSet<>();
        for (Finding finding : findings) {
            String id = DiscrepancyIds.of(finding.type(), paymentId, finding.key());
            if (!found.add(id)) {
                continue; // one break, found twice: the first finding is the discrepancy
            }
            Discrepancy before = previous.get(id);
            Discrepancy after = discrepancy(id, paymentId, account, finding, before, resolutions.get(id), at);
            if (!after.equals(before)) {
                now.put(id, after);
                changes.add(new Change(before, after));
            }
        }
        for (Discrepancy before : previous.values()) {
            if (before.isOpen() && !found.contains(before.discrepancyId())) {
                Discrepancy cleared = clearedByEvidence(before, at, recoveredByPolling);
                now.put(cleared.discrepancyId(), cleared);
                changes.add(new Change(before, cleared));
            }
        }
        return new Entries(now, changes);
    }

    /** The finding as a discrepancy: first seen now or before, resolved if an operator said so. */
    private static Discrepancy discrepancy(
            String id,
            String paymentId,
            String account,
            Finding finding,
            Discrepancy before,
            DiscrepancyResolution manual,
            Instant at) {
        return new Discrepancy(
                id,
                finding.type(),
                paymentId,
                account,
                new Discrepancy.Finding(finding.expected(), finding.actual()),
                manual != null ? DiscrepancyStatus.RESOLVED : DiscrepancyStatus.OPEN,
                before != null ? before.detectedAt() : at,
                new Discrepancy.Evidence(finding.batchId(), finding.reference(), finding.amount(), finding.currency()),
                manual == null
                        ? Discrepancy.Resolution.NONE
                        : new Discrepancy.Resolution(
                                manual.resolvedAt(), manual.note(), Discrepancy.BY_OPERATOR, manual.operator()));
    }

    private static Discrepancy clearedByEvidence(Discrepancy d, Instant at, boolean recoveredByPolling) {
        return d.resolvedAs(
                DiscrepancyStatus.RESOLVED,
                new Discrepancy.Resolution(at, clearedBy(d.type(), recoveredByPolling), Discrepancy.BY_EVIDENCE, null));
    }

    static String clearedBy(DiscrepancyType type, boolean recoveredByPolling) {
        return switch (type) {
            case UNKNOWN_SETTLEMENT ->
                recoveredByPolling
                        ? "recovered by polling: the provider confirmed the payment no webhook had told of"
                        : "a webhook for the payment arrived";
            case MISSING_SETTLEMENT -> "a settlement line for the capture arrived";
            case PAYOUT_NOT_RECEIVED -> "a bank credit for the payout arrived";
            case BANK_AMOUNT_MISMATCH -> "the bank credit and the payout now agree";
            case UNEXPECTED_PAYOUT_CREDIT -> "a payout the credit pays arrived";
            default -> "later evidence agrees with the settlement";
        };
    }
}
