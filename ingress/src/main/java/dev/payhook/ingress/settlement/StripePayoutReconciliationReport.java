package dev.payhook.ingress.settlement;

import dev.payhook.common.Money;
import dev.payhook.common.SettlementKind;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Stripe's itemized payout reconciliation report
 * (https://docs.stripe.com/reports/payout-reconciliation): signed major-unit amounts (refunds and
 * disputes negative), lower-case currencies, {@code created_utc} as {@code yyyy-MM-dd HH:mm:ss}
 * in UTC, and one {@code reporting_category} per balance transaction. Rows without a
 * payment_intent_id (fees, payouts, adjustments) belong to the batch; a {@code payout} row is what
 * the others add up to. A line charged in one currency and settled in another gives what the
 * customer paid in {@code customer_facing_amount} and {@code customer_facing_currency}: it is
 * matched on those.
 */
final class StripePayoutReconciliationReport implements SettlementReportFormat {

    private static final DateTimeFormatter CREATED_UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private static final Map<String, SettlementKind> PAYMENT_CATEGORIES = Map.of(
            "charge", SettlementKind.CAPTURE,
            "refund", SettlementKind.REFUND,
            "dispute", SettlementKind.CHARGEBACK,
            "dispute_reversal", SettlementKind.CHARGEBACK_REVERSAL);

    @Override
    public String name() {
        return "stripe";
    }

    @Override
    public List<String> requiredColumns() {
        return List.of(
                "balance_transaction_id",
                "created_utc",
                "currency",
                "gross",
                "fee",
                "net",
                "reporting_category",
                "payment_intent_id");
    }

    @Override
    public ParsedRow parse(ReportRow row) {
        String transaction = row.required("balance_transaction_id");
        String category = row.lowerCase("reporting_category");
        String currency = Money.normalizeCurrency(row.required("currency"));
        long gross = Money.toMinorUnits(row.required("gross"), currency);
        Instant at = createdUtc(row.required("created_utc"));
        String paymentIntent = row.text("payment_intent_id");
        String fee = row.text("fee");
        long net = row.text("net") != null
                ? Money.toMinorUnits(row.text("net"), currency)
                : gross - (fee == null ? 0 : Money.toMinorUnits(fee, currency));
        if (paymentIntent == null) {
            String kind = category == null ? "other" : category;
            return new ParsedRow.BatchRow(kind, net, currency, kind.equals("payout"), at);
        }
        SettlementKind kind = category == null ? null : PAYMENT_CATEGORIES.get(category);
        if (kind == null) {
            throw new IllegalArgumentException(
                    "reporting_category '" + category + "' is not a charge, refund or dispute");
        }
        boolean credit = kind == SettlementKind.CAPTURE || kind == SettlementKind.CHARGEBACK_REVERSAL;
        if (credit ? gross < 0 : gross > 0) {
            throw new IllegalArgumentException(
                    "gross " + row.required("gross") + " has the wrong sign for a " + category);
        }
        String presentment = row.text("customer_facing_currency");
        if (presentment != null && !Money.normalizeCurrency(presentment).equals(currency)) {
            // Charged in one currency, settled in another: matched on what the customer paid, the
            // fee and net stay in the settlement currency.
            String paid = Money.normalizeCurrency(presentment);
            return new ParsedRow.PaymentLine(
                    "stripe:" + transaction,
                    paymentIntent,
                    kind,
                    Math.abs(Money.toMinorUnits(row.required("customer_facing_amount"), paid)),
                    paid,
                    null,
                    row.text("source_id"),
                    row.lowerCase("payment_method_type"),
                    net,
                    currency,
                    at);
        }
        return new ParsedRow.PaymentLine(
                "stripe:" + transaction,
                paymentIntent,
                kind,
                Math.abs(gross),
                currency,
                fee == null ? null : Math.abs(Money.toMinorUnits(fee, currency)),
                row.text("source_id"),
                row.lowerCase("payment_method_type"),
                net,
                currency,
                at);
    }

    private static Instant createdUtc(String text) {
        try {
            return LocalDateTime.parse(text, CREATED_UTC).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("created_utc '" + text + "' is not yyyy-MM-dd HH:mm:ss");
        }
    }
}
