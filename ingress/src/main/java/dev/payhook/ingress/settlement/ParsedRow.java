package dev.payhook.ingress.settlement;

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
            Instant settledAt)
            implements ParsedRow {

        @Override
        public Instant at() {
            return settledAt;
        }

        /** The signed gross less the fee: a line's net when the report states none of its own. */
        static long netOf(SettlementKind kind, long amount, Long fee) {
            long signed =
                    kind == SettlementKind.CAPTURE || kind == SettlementKind.CHARGEBACK_REVERSAL ? amount : -amount;
            return Math.subtractExact(signed, fee == null ? 0 : fee);
        }
    }

    /**
     * A row about the batch, not one payment (fees, payouts, adjustments): summed into the batch's
     * totals. {@code amount} is signed: credits to the merchant positive, debits negative.
     *
     * @param payout whether the row pays the balance out to the merchant's bank: what the other rows must add up to
     */
    record BatchRow(String kind, long amount, String currency, boolean payout, Instant at) implements ParsedRow {}
}
