package dev.payhook.common;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.Objects;

/**
 * One payment-level line of a provider's settlement report.
 *
 * @param reference   what identifies this line across uploads (Adyen: psp reference, type and
 *                    modification reference; Stripe: balance transaction; generic: its reference): a line
 *                    seen again under the same reference is the same line, not a second settlement
 * @param line        the line number in the uploaded file, for people reading a discrepancy
 * @param amount      the gross amount, positive, in minor units; {@link #kind()} says which way it moved
 * @param fee         the provider's fee for this line in minor units of {@link #currency()}, when known
 * @param modificationId the capture, refund or dispute id the provider gives the line, when it gives one
 * @param paymentMethod the payment method the report names (visa, card, ideal…), lower case, when it names one:
 *                      what the fee schedule is looked up by
 * @param account     the merchant account the line belongs to: the report's column for it (Adyen's
 *                    {@code Merchant Account}), else the account the report was uploaded or collected for;
 *                    null when neither says
 */
@JsonTypeName("line")
public record SettlementLine(
        String batchId,
        String format,
        long line,
        String reference,
        String paymentId,
        SettlementKind kind,
        long amount,
        String currency,
        Long fee,
        String modificationId,
        String paymentMethod,
        Instant settledAt,
        String account)
        implements SettlementMessage {

    public SettlementLine {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(kind, "kind");
        currency = Money.normalizeCurrency(Objects.requireNonNull(currency, "currency"));
        Identifiers.bounded("reference", reference);
        Identifiers.bounded("paymentId", paymentId);
        Identifiers.bounded("modificationId", modificationId);
        Identifiers.bounded("paymentMethod", paymentMethod);
        Identifiers.bounded("account", account);
        Objects.requireNonNull(settledAt, "settledAt");
        if (amount < 0) {
            throw new IllegalArgumentException("settlement amounts are positive; the kind gives the direction");
        }
    }
}
