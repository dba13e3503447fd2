package dev.payhook.provider.settlement;

import dev.payhook.common.Money;
import dev.payhook.common.SettlementKind;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Stripe's itemized reports, as its Reporting API and Dashboard export them
 * (docs.stripe.com/reports/report-types: {@code balance_change_from_activity.itemized.*},
 * {@code payout_reconciliation.itemized.*}, {@code ending_balance_reconciliation.itemized.*}). The
 * user picks the columns and a time zone, so any subset is read that has what matching needs:
 * {@code balance_transaction_id, currency, gross, reporting_category, payment_intent_id} and a time,
 * {@code created_utc} or, in the report's time zone, {@code created}. Columns Stripe adds later are
 * ignored. Amounts are signed major units (refunds and disputes negative), currencies lower-case,
 * times {@code yyyy-MM-dd HH:mm:ss}. Rows without a payment_intent_id (fees, payouts, adjustments)
 * belong to the batch; a {@code payout} row is what the rows of its payout add up to, and
 * {@code automatic_payout_id} says which payout a row belongs to. A line charged in one currency and
 * settled in another gives what the customer paid in {@code customer_facing_amount} and
 * {@code customer_facing_currency}: it is matched on those.
 */
final class StripeItemizedReport implements SettlementReportFormat {

    private static final DateTimeFormatter STRIPE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private static final Map<String, SettlementKind> PAYMENT_CATEGORIES = Map.of(
            "charge", SettlementKind.CAPTURE,
            "refund", SettlementKind.REFUND,
            "refund_failure", SettlementKind.REFUND_REVERSAL,
            "dispute", SettlementKind.CHARGEBACK,
            "dispute_reversal", SettlementKind.CHARGEBACK_REVERSAL);

    private static final String CREATED_UTC = "created_utc";
    private static final String CREATED_LOCAL = "created";

    private final ZoneId timeZone;

    /** @param options the upload's: the zone of the local-time columns, when the report has only those */
    StripeItemizedReport(ReportOptions options) {
        this.timeZone = options.timeZone();
    }

    @Override
    public String name() {
        return "stripe";
    }

    @Override
    public List<String> requiredColumns() {
        return List.of("balance_transaction_id", "currency", "gross", "reporting_category", "payment_intent_id");
    }

    /** Besides the columns, a time: {@code created_utc}, or {@code created} with the zone it was written in. */
    @Override
    public Optional<UnusableHeader> headerProblem(Set<String> header) {
        Optional<UnusableHeader> missing = SettlementReportFormat.super.headerProblem(header);
        if (missing.isPresent() || header.contains(CREATED_UTC)) {
            return missing;
        }
        if (!header.contains(CREATED_LOCAL)) {
            return Optional.of(new UnusableHeader(
                    "missing-columns",
                    "The stripe report needs a time column, created_utc or created; the header has " + header + "."));
        }
        if (timeZone == null) {
            return Optional.of(new UnusableHeader(
                    "missing-time-zone",
                    "The stripe report has its times only in local time (created, no created_utc): "
                            + "say the time zone it was run with, as ?timezone=Europe/Berlin, "
                            + "or configure the source's report-time-zone."));
        }
        return Optional.empty();
    }

    @Override
    public ParsedRow parse(ReportRow row) {
        String transaction = row.required("balance_transaction_id");
        String category = row.lowerCase("reporting_category");
        String currency = Money.normalizeCurrency(row.required("currency"));
        long gross = Money.toMinorUnits(row.required("gross"), currency);
        Instant at = created(row);
        String paymentIntent = row.text("payment_intent_id");
        String fee = row.text("fee");
        long net = row.text("net") != null
                ? Money.toMinorUnits(row.text("net"), currency)
                : gross - (fee == null ? 0 : Money.toMinorUnits(fee, currency));
        String payout = row.text("automatic_payout_id");
        if (paymentIntent == null) {
            String kind = category == null ? "other" : category;
            boolean isPayout = kind.equals("payout");
            // A payout row belongs to the payout it names in automatic_payout_id, else to its own id (its source).
            // Only a report that has that column ties rows to payouts; others are checked per currency.
            String payoutOfRow =
                    isPayout && payout == null && row.has("automatic_payout_id") ? row.text("source_id") : payout;
            // A payout row's source is the payout (po_…): what the bank credit may carry.
            return new ParsedRow.BatchRow(
                    kind, net, currency, isPayout, at, payoutOfRow, isPayout ? row.text("source_id") : null);
        }
        SettlementKind kind = category == null ? null : PAYMENT_CATEGORIES.get(category);
        if (kind == null) {
            throw new IllegalArgumentException("reporting_category '" + category
                    + "' is not a charge, refund, refund_failure, dispute or dispute_reversal");
        }
        if (kind.isCredit() ? gross < 0 : gross > 0) {
            throw new IllegalArgumentException(
                    "gross " + row.required("gross") + " has the wrong sign for a " + category);
        }
        // Charged in one currency, settled in another: matched on what the customer paid; the fee
        // and net stay in the settlement currency.
        String presentment = row.text("customer_facing_currency");
        boolean otherCurrency =
                presentment != null && !Money.normalizeCurrency(presentment).equals(currency);
        String paid = otherCurrency ? Money.normalizeCurrency(presentment) : currency;
        long amount = otherCurrency ? Money.toMinorUnits(row.required("customer_facing_amount"), paid) : gross;
        return new ParsedRow.PaymentLine(
                "stripe:" + transaction,
                paymentIntent,
                kind,
                Math.abs(amount),
                paid,
                otherCurrency || fee == null ? null : Math.abs(Money.toMinorUnits(fee, currency)),
                row.text("source_id"),
                row.lowerCase("payment_method_type"),
                net,
                currency,
                at,
                payout);
    }

    /** {@code created_utc} when the report has it, else {@code created} in the report's time zone. */
    private Instant created(ReportRow row) {
        String utc = row.text(CREATED_UTC);
        if (utc != null) {
            return time(CREATED_UTC, utc, ZoneOffset.UTC);
        }
        return time(CREATED_LOCAL, row.required(CREATED_LOCAL), timeZone == null ? ZoneOffset.UTC : timeZone);
    }

    private static Instant time(String column, String text, ZoneId zone) {
        try {
            // A local time that a daylight-saving change skips or repeats resolves as java.time does:
            // forward across a gap, the earlier offset in an overlap.
            return LocalDateTime.parse(text, STRIPE_TIME).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(column + " '" + Money.abbreviate(text) + "' is not yyyy-MM-dd HH:mm:ss");
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(column + " '" + Money.abbreviate(text) + "' is not a time");
        }
    }
}
