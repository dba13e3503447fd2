package dev.payhook.provider.settlement;

import dev.payhook.common.Money;
import dev.payhook.common.SettlementKind;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Adyen's Settlement details report
 * (https://docs.adyen.com/reporting/settlement-detail-report): unsigned major-unit amounts in
 * separate debit and credit columns, {@code Creation Date} in local time of the {@code TimeZone}
 * column, and rows without a Psp Reference for the batch itself (fees, payouts). A line settled
 * in another currency gives its gross in the payment's currency and its net, at the stated
 * {@code Exchange Rate}, in the {@code Net Currency}: it is matched on the gross.
 */
final class AdyenSettlementDetailsReport implements SettlementReportFormat {

    private static final DateTimeFormatter CREATION_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /** Adyen writes abbreviations such as CET/CEST as well as region ids. */
    private static final DateTimeFormatter ZONE_NAME = DateTimeFormatter.ofPattern("z", Locale.ENGLISH);

    private static final Map<String, SettlementKind> PAYMENT_TYPES = Map.ofEntries(
            Map.entry("settled", SettlementKind.CAPTURE),
            Map.entry("settledbulk", SettlementKind.CAPTURE),
            Map.entry("settledininstallments", SettlementKind.CAPTURE),
            Map.entry("refunded", SettlementKind.REFUND),
            Map.entry("refundedbulk", SettlementKind.REFUND),
            Map.entry("refundedininstallments", SettlementKind.REFUND),
            Map.entry("chargeback", SettlementKind.CHARGEBACK),
            Map.entry("secondchargeback", SettlementKind.CHARGEBACK),
            Map.entry("chargebackreversed", SettlementKind.CHARGEBACK_REVERSAL),
            Map.entry("refundedreversed", SettlementKind.REFUND_REVERSAL));

    /** The journal type of the row that pays the batch out to the merchant's bank account. */
    private static final String PAYOUT = "merchantpayout";

    @Override
    public String accountColumn() {
        return "Merchant Account";
    }

    @Override
    public String name() {
        return "adyen";
    }

    @Override
    public List<String> requiredColumns() {
        return List.of(
                "Psp Reference",
                "Creation Date",
                "TimeZone",
                "Type",
                "Gross Currency",
                "Gross Debit (GC)",
                "Gross Credit (GC)");
    }

    @Override
    public ParsedRow parse(ReportRow row) {
        String type = row.required("Type");
        Instant at = creationDate(row.required("Creation Date"), row.required("TimeZone"));
        String psp = row.text("Psp Reference");
        if (psp == null) {
            return batchRow(row, type, at);
        }
        SettlementKind kind = PAYMENT_TYPES.get(type.toLowerCase(Locale.ROOT));
        if (kind == null) {
            // A cost or correction booked against a payment (PaymentCost, SettleCost, …) moves the
            // balance, not the payment's settlement: a batch row, so the payout still adds up.
            return batchRow(row, type, at);
        }
        String currency = Money.normalizeCurrency(row.required("Gross Currency"));
        String column = kind.isCredit() ? "Gross Credit (GC)" : "Gross Debit (GC)";
        long amount = Money.toMinorUnits(row.required(column), currency);
        if (amount < 0) {
            throw new IllegalArgumentException(column + " is negative; Adyen amounts are unsigned");
        }
        String modification = row.text("Modification Reference");
        Long fee = fee(row, currency);
        // A line settled in another currency (FX) books its net, at the report's exchange rate, in the net currency.
        String netCurrency =
                row.text("Net Currency") == null ? currency : Money.normalizeCurrency(row.text("Net Currency"));
        long net = row.text("Net Currency") == null
                ? ParsedRow.PaymentLine.netOf(kind, amount, fee)
                : minor(row.text("Net Credit (NC)"), netCurrency) - minor(row.text("Net Debit (NC)"), netCurrency);
        return new ParsedRow.PaymentLine(
                "adyen:" + psp + ":" + type + ":" + (modification == null ? "" : modification),
                psp,
                kind,
                amount,
                currency,
                fee,
                modification,
                row.lowerCase("Payment Method"),
                net,
                netCurrency,
                at);
    }

    /** Fees and payouts are booked in the net currency; Adyen leaves the gross columns empty for them. */
    private static ParsedRow batchRow(ReportRow row, String type, Instant at) {
        String currency = row.text("Net Currency") != null ? row.text("Net Currency") : row.required("Gross Currency");
        String debitColumn = row.text("Net Currency") != null ? "Net Debit (NC)" : "Gross Debit (GC)";
        String creditColumn = row.text("Net Currency") != null ? "Net Credit (NC)" : "Gross Credit (GC)";
        long credit = minor(row.text(creditColumn), currency);
        long debit = minor(row.text(debitColumn), currency);
        String kind = type.toLowerCase(Locale.ROOT);
        boolean payout = kind.equals(PAYOUT);
        // A MerchantPayout's Modification Reference is the description Adyen sends the bank with it.
        String reference = payout ? row.text("Modification Reference") : null;
        return new ParsedRow.BatchRow(
                kind, credit - debit, Money.normalizeCurrency(currency), payout, at, null, reference);
    }

    /** The provider's fees on this line, when they are booked in the gross currency. */
    private static Long fee(ReportRow row, String currency) {
        if (!currency.equalsIgnoreCase(String.valueOf(row.text("Net Currency")))) {
            return null;
        }
        long fee = 0;
        for (String column : List.of("Commission (NC)", "Markup (NC)", "Scheme Fees (NC)", "Interchange (NC)")) {
            fee += minor(row.text(column), currency);
        }
        return fee;
    }

    private static long minor(String majorUnits, String currency) {
        return majorUnits == null ? 0 : Money.toMinorUnits(majorUnits, currency);
    }

    static Instant creationDate(String localTime, String timeZone) {
        LocalDateTime local;
        try {
            local = LocalDateTime.parse(localTime, CREATION_DATE);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Creation Date '" + localTime + "' is not yyyy-MM-dd HH:mm:ss");
        }
        return local.atZone(zone(timeZone)).toInstant();
    }

    private static ZoneId zone(String timeZone) {
        try {
            return ZoneId.of(timeZone, ZoneId.SHORT_IDS);
        } catch (DateTimeException notAnId) {
            try {
                return ZONE_NAME.parse(timeZone, ZoneId::from);
            } catch (DateTimeException notAName) {
                throw new IllegalArgumentException("TimeZone '" + timeZone + "' is not a known time zone");
            }
        }
    }
}
