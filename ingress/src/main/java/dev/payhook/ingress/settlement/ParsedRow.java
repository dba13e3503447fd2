package dev.payhook.ingress.settlement;

import dev.payhook.common.SettlementKind;
import java.time.Instant;

/** What a report's row turned out to be. */
sealed interface ParsedRow {

    /** When the row's money moved, as the report says. */
    Instant at();

    /** A payment-level line: becomes a {@link dev.payhook.common.SettlementLine} keyed by its payment. */
    record PaymentLine(
            String reference,
            String paymentId,
            SettlementKind kind,
            long amount,
            String currency,
            Long fee,
            String modificationId,
            Instant settledAt)
            implements ParsedRow {

        @Override
        public Instant at() {
            return settledAt;
        }
    }

    /**
     * A row about the batch, not one payment (fees, payouts, adjustments): summed into the batch's
     * totals. {@code amount} is signed: credits to the merchant positive, debits negative.
     */
    record BatchRow(String kind, long amount, String currency, Instant at) implements ParsedRow {}
}
