package dev.payhook.common;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An uploaded settlement report, as a whole.
 *
 * @param batchId    derived from the file's content: the same file uploaded again is the same batch
 * @param cutoff     the latest time the report covers; a payment captured before
 *                   {@code cutoff - settlement delay} should be in it or an earlier batch
 * @param lines      payment-level lines accepted
 * @param totals     batch-level rows (fees, payouts, …) summed: kind → currency → minor units (signed:
 *                   credits positive, debits negative)
 * @param net        what the payment lines added to the merchant's balance, by the currency it was
 *                   booked in (signed minor units): for a line settled in another currency (FX), its
 *                   net in the payout currency, not its gross
 * @param rejectedCount how many of the report's rows were rejected
 * @param rejected   the first {@value #REJECTED_KEPT} of them, each with its line, column and reason: what
 *                   an operator corrects before uploading the file again
 * @param payouts    the report's payouts, each next to what the report says it is made of: by payout id
 *                   where the report ties rows to their payout (Stripe's {@code automatic_payout_id}),
 *                   else by currency; only payouts the report has a payout row for are checked
 * @param origin     how the report arrived: {@code uploaded by <operator>}, or {@code collected from
 *                   <source>: <report>} (the collector); null in batches published before it was kept
 * @param accounts   the merchant accounts its rows belong to: one for most reports, several for a report
 *                   of a company account or a generic file spanning accounts; empty when none was said
 */
@JsonTypeName("batch")
public record SettlementBatch(
        String batchId,
        String format,
        Instant cutoff,
        long lines,
        SortedMap<String, SortedMap<String, Long>> totals,
        SortedMap<String, Long> net,
        SortedMap<String, Payout> payouts,
        Instant uploadedAt,
        long rejectedCount,
        List<RejectedLine> rejected,
        String origin,
        java.util.SortedSet<String> accounts)
        implements SettlementMessage {

    /** Rejected rows a batch carries: enough to correct a file, never enough to make its record large. */
    public static final int REJECTED_KEPT = 100;

    /** A batch in which every row was used. */
    public SettlementBatch(
            String batchId,
            String format,
            Instant cutoff,
            long lines,
            SortedMap<String, SortedMap<String, Long>> totals,
            SortedMap<String, Long> net,
            SortedMap<String, Payout> payouts,
            Instant uploadedAt) {
        this(batchId, format, cutoff, lines, totals, net, payouts, uploadedAt, 0, null, null, null);
    }

    /**
     * One currency's payout, and the rows that should add up to it.
     *
     * @param paid         what the payout rows pay out (positive: money leaving the provider's balance)
     * @param paymentLines the payment lines' net in this currency
     * @param otherRows    the batch's other rows in this currency (fees, adjustments), signed
     * @param currency     the payout's currency; null in batches keyed by currency (the key is it)
     * @param transfers    the payout rows themselves, each a transfer to the merchant's bank: what the bank
     *                     leg looks for on the statements (a report keyed by currency may pay out several times)
     */
    public record Payout(long paid, long paymentLines, long otherRows, String currency, List<Transfer> transfers) {

        /** A payout keyed by its currency. */
        public Payout(long paid, long paymentLines, long otherRows) {
            this(paid, paymentLines, otherRows, null, null);
        }

        /** A payout without its transfers, as batches were published before the bank leg. */
        public Payout(long paid, long paymentLines, long otherRows, String currency) {
            this(paid, paymentLines, otherRows, currency, null);
        }

        public Payout {
            transfers = transfers == null ? List.of() : List.copyOf(transfers);
        }

        /**
         * One payout row: one transfer to the merchant's bank.
         *
         * @param reference what the provider sends the bank with it, when the report says: Stripe's payout id
         *                  ({@code po_…}), Adyen's payout description ({@code Modification Reference} of the
         *                  {@code MerchantPayout} row, e.g. {@code TX123456789123XT TestMerchant, batch 4}),
         *                  a generic report's {@code reference}; null otherwise
         * @param amount    what it pays out, minor units (negative: a payout that takes money from the bank)
         * @param paidOn    the day the report books it, in UTC
         */
        public record Transfer(String reference, long amount, LocalDate paidOn) {}

        /** Zero when the report adds up; positive when it pays out less than its rows say. */
        public long difference() {
            return Math.subtractExact(Math.addExact(paymentLines, otherRows), paid);
        }
    }

    public SettlementBatch {
        totals = totals == null ? new TreeMap<>() : new TreeMap<>(totals);
        net = net == null ? new TreeMap<>() : new TreeMap<>(net);
        payouts = payouts == null ? new TreeMap<>() : new TreeMap<>(payouts);
        rejected = rejected == null
                ? List.of()
                : List.copyOf(rejected.subList(0, Math.min(rejected.size(), REJECTED_KEPT)));
        accounts = accounts == null ? new java.util.TreeSet<>() : new java.util.TreeSet<>(accounts);
    }
}
