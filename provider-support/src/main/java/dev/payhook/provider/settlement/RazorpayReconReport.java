package dev.payhook.provider.settlement;

import dev.payhook.common.Money;
import dev.payhook.common.SettlementKind;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Razorpay's settlement reconciliation report
 * (razorpay.com/docs/api/settlements/fetch-recon: {@code GET /v1/settlements/recon/combined}, and its
 * CSV download from the Dashboard), one row per item with the API's field names: {@code entity_id,
 * type} ({@code payment, refund, transfer, adjustment}), {@code debit, credit, amount, fee, tax} as
 * integers in the currency's smallest unit (paise), {@code settled, settled_at} (Unix seconds),
 * {@code settlement_id}, {@code settlement_utr}, {@code payment_id} (of refunds and adjustments),
 * {@code dispute_id}. A payment is matched by its own id; a refund by the payment it refunds; an
 * adjustment naming a dispute is that dispute's chargeback (a debit) or reversal (a credit); other
 * adjustments and transfers belong to the batch. Every row is paid out in its {@code settlement_id}.
 */
final class RazorpayReconReport implements SettlementReportFormat {

    @Override
    public String name() {
        return "razorpay";
    }

    @Override
    public List<String> requiredColumns() {
        return List.of("entity_id", "type", "debit", "credit", "amount", "currency", "settled_at");
    }

    @Override
    public ParsedRow parse(ReportRow row) {
        String entity = row.required("entity_id");
        String type = row.required("type").toLowerCase(Locale.ROOT);
        String currency = Money.normalizeCurrency(row.required("currency"));
        if ("false".equalsIgnoreCase(row.text("settled"))) {
            throw new IllegalArgumentException("settled is false: " + entity + " is not settled yet");
        }
        long amount = minor(row, "amount", currency);
        long net = Math.subtractExact(minor(row, "credit", currency), minor(row, "debit", currency));
        Instant at = epochSeconds(row.required("settled_at"));
        String settlement = row.text("settlement_id");
        String paymentId = row.text("payment_id");
        String dispute = row.text("dispute_id");
        SettlementKind kind =
                switch (type) {
                    case "payment" -> SettlementKind.CAPTURE;
                    case "refund" -> SettlementKind.REFUND;
                    case "adjustment" ->
                        dispute == null || paymentId == null
                                ? null
                                : net < 0 ? SettlementKind.CHARGEBACK : SettlementKind.CHARGEBACK_REVERSAL;
                    default -> null;
                };
        if (kind == null) {
            // Transfers (Route) and adjustments that name no dispute move the balance, not a payment.
            return new ParsedRow.BatchRow(type, net, currency, false, at, settlement);
        }
        String payment = kind == SettlementKind.CAPTURE ? entity : paymentId;
        if (payment == null) {
            throw new IllegalArgumentException("payment_id is empty; a " + type + " names the payment it belongs to");
        }
        Long fee = row.text("fee") == null ? null : minor(row, "fee", currency);
        return new ParsedRow.PaymentLine(
                "razorpay:" + type + ":" + entity,
                payment,
                kind,
                Math.abs(amount),
                currency,
                kind == SettlementKind.CAPTURE ? fee : null,
                kind == SettlementKind.CAPTURE ? null : kind == SettlementKind.REFUND ? entity : dispute,
                row.lowerCase("method"),
                net,
                currency,
                at,
                settlement);
    }

    /** Razorpay's amounts are integers in the smallest unit already. */
    private static long minor(ReportRow row, String column, String currency) {
        String text = row.text(column);
        if (text == null) {
            return 0;
        }
        if (!text.matches("-?\\d{1,18}")) {
            throw new IllegalArgumentException(
                    column + " '" + Money.abbreviate(text) + "' is not a whole number of " + currency + " minor units");
        }
        return Long.parseLong(text);
    }

    private static Instant epochSeconds(String text) {
        if (!text.matches("\\d{1,12}")) {
            throw new IllegalArgumentException("settled_at '" + Money.abbreviate(text) + "' is not Unix seconds");
        }
        return Instant.ofEpochSecond(Long.parseLong(text));
    }
}
