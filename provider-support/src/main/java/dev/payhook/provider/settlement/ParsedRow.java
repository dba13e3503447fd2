package dev.payhook.provider.settlement;

import dev.payhook.common.SettlementKind;
import java.time.Instant;

/** What a report's row turned out to be. */
sealed interface ParsedRow {

    /** When the row's money moved, as the report says. */
    Instant at();

    /**
     * A payment-level line: becomes a {@link dev.payhook.common.SettlementLine} keyed by its payment.
     *
     * @param amount      the gross, in the currency the payment was made in: what is matched
     * @param fee         the provider's fee in {@code currency}; null when unknown or booked in another currency
     * @param net         what the line adds to the merchant's balance (signed), in {@code netCurrency}: for a
     *                    line settled in another currency at an exchange rate, the converted amount less fees
     * @param payoutId    the provider's payout the line was paid out in, when the report says (Stripe's
     *                    {@code automatic_payout_id}); null otherwise
     */
    record PaymentLine(
            String reference,
            String paymentId,
            SettlementKind kind,
            long amount,
            String currency,
            Long fee,
            String modificationId,
            String paymentMethod,
            long net,
            String netCurrency,
            Instant settledAt,
            String payoutId)
            implements ParsedRow {

        /** A line the report does not assign to a payout. */
        PaymentLine(
                String reference,
                String paymentId,
                SettlementKind kind,
                long amount,
                String currency,
                Long fee,
                String modificationId,
                String paymentMethod,
                long net,
                String netCurrency,
                Instant settledAt) {
            this(
                    reference,
                    paymentId,
                    kind,
                    amount,
                    currency,
                    fee,
                    modificationId,
                    paymentMethod,
                    net,
                    netCurrency,
                    settledAt,
                    null);
        }

        @Override
        public Instant at() {
            return settledAt;
        }

        /** The signed gross less the fee: a line's net when the report states none of its own. */
        static long netOf(SettlementKind kind, long amount, Long fee) {
            long signed = kind.isCredit() ? amount : -amount;
            return Math.subtractExact(signed, fee == null ? 0 : fee);
        }
    }

    /**
     * A row about the batch, not one payment (fees, payouts, adjustments): summed into the batch's
     * totals. {@code amount} is signed: credits to the merchant positive, debits negative.
     *
     * @param payout   whether the row pays the balance out to the merchant's bank: what the other rows must add up to
     * @param payoutId the payout: a payout row's own id, or the payout another row was paid out in, when the
     *                 report says; null otherwise
     * @param reference what the provider sends the bank with a payout, when the report says; null otherwise
     */
    record BatchRow(
            String kind, long amount, String currency, boolean payout, Instant at, String payoutId, String reference)
            implements ParsedRow {

        /** A row the report does not assign to a payout. */
        BatchRow(String kind, long amount, String currency, boolean payout, Instant at) {
            this(kind, amount, currency, payout, at, null, null);
        }

        /** A row whose payout the report names, without a bank reference. */
        BatchRow(String kind, long amount, String currency, boolean payout, Instant at, String payoutId) {
            this(kind, amount, currency, payout, at, payoutId, null);
        }
    }
}
