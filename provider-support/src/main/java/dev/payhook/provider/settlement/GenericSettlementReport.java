package dev.payhook.provider.settlement;

import dev.payhook.common.Money;
import dev.payhook.common.SettlementKind;
import dev.payhook.common.Sha256;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * payhook's own layout for providers without a report of their own:
 * {@code payment_id,type,amount,currency,fee,settled_at,reference}, unsigned major-unit amounts,
 * ISO-8601 times, and optional columns:
 *
 * <ul>
 *   <li>{@code capture_id}: the capture a capture row settles (for payments captured in parts);
 *   <li>{@code payment_method}: what the fee schedule is looked up by ({@code fee} is in {@code currency});
 *   <li>{@code account}: the merchant account the row belongs to, when the report spans several;
 *   <li>{@code net} and {@code net_currency}: what the line adds to the balance, signed, when it was
 *       settled in another currency (or to state it exactly); without them it is the amount less the fee.
 * </ul>
 *
 * Rows without a payment_id (fees, adjustments, and a {@code payout} the others add up to) belong
 * to the batch, with signed amounts: credits to the merchant positive, debits (a payout) negative.
 */
final class GenericSettlementReport implements SettlementReportFormat {

    private static final Map<String, SettlementKind> TYPES = Map.of(
            "capture", SettlementKind.CAPTURE,
            "refund", SettlementKind.REFUND,
            "chargeback", SettlementKind.CHARGEBACK,
            "chargeback_reversal", SettlementKind.CHARGEBACK_REVERSAL,
            "refund_reversal", SettlementKind.REFUND_REVERSAL);

    @Override
    public String accountColumn() {
        return "account";
    }

    @Override
    public String name() {
        return "generic";
    }

    @Override
    public List<String> requiredColumns() {
        return List.of("payment_id", "type", "amount", "currency", "settled_at");
    }

    @Override
    public ParsedRow parse(ReportRow row) {
        String type = row.lowerCase("type");
        String currency = Money.normalizeCurrency(row.required("currency"));
        long amount = Money.toMinorUnits(row.required("amount"), currency);
        Instant at = settledAt(row.required("settled_at"));
        String paymentId = row.text("payment_id");
        if (paymentId == null) {
            String kind = type == null ? "other" : type;
            boolean payout = kind.equals("payout");
            // A payout row's reference is the provider's payout id: what the bank credit may carry.
            return new ParsedRow.BatchRow(
                    kind,
                    amount,
                    currency,
                    payout,
                    at,
                    null,
                    payout && row.has("reference") ? row.text("reference") : null);
        }
        SettlementKind kind = type == null ? null : TYPES.get(type);
        if (kind == null) {
            throw new IllegalArgumentException("type '" + row.text("type") + "' is not capture, refund or chargeback");
        }
        if (amount < 0) {
            throw new IllegalArgumentException("amount is negative; the type gives the direction");
        }
        Long fee = row.text("fee") == null ? null : Money.toMinorUnits(row.text("fee"), currency);
        String netCurrency =
                row.text("net_currency") == null ? currency : Money.normalizeCurrency(row.text("net_currency"));
        if (row.text("net") == null && !netCurrency.equals(currency)) {
            throw new IllegalArgumentException("net_currency " + netCurrency + " needs the net amount in it");
        }
        String reference = row.text("reference");
        return new ParsedRow.PaymentLine(
                "generic:" + (reference != null ? reference : Sha256.hexPrefix(row.fingerprint(), 16)),
                paymentId,
                kind,
                amount,
                currency,
                fee,
                kind == SettlementKind.CAPTURE ? row.text("capture_id") : reference,
                row.lowerCase("payment_method"),
                row.text("net") == null
                        ? ParsedRow.PaymentLine.netOf(kind, amount, fee)
                        : Money.toMinorUnits(row.text("net"), netCurrency),
                netCurrency,
                at);
    }

    private static Instant settledAt(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("settled_at '" + text + "' is not an ISO-8601 time with offset");
        }
    }
}
