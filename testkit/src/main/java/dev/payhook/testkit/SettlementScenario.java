package dev.payhook.testkit;

import dev.payhook.testkit.ProviderSigner.PaymentFact;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A labelled reconciliation scenario: payments with known webhooks, and a provider's settlement
 * report that plants every discrepancy type of docs/DESIGN.md next to clean matches. Each payment
 * says which discrepancy (if any) a correct reconciler reports for it, so a test can demand
 * exactly the planted set: nothing missing, nothing extra. The demo uploads the same reports.
 *
 * <p>Fees follow {@link #FEE_PERCENT}% of each capture (rounded down), except where a
 * {@code FEE_MISMATCH} is planted. The report pays out each currency's balance, except EUR, which
 * it pays out {@link #PAYOUT_SHORTFALL} minor units short: a {@code PAYOUT_MISMATCH} of the batch.
 */
public final class SettlementScenario {

    /** What is planted for one payment, and the discrepancy type it must produce (null: none). */
    public enum Plant {
        MATCH(null),
        MATCH_WITH_REFUND(null),
        MATCH_WITH_CHARGEBACK(null),
        /** Two partial captures, each naming itself, each settled on its own line. */
        MULTIPLE_CAPTURES(null),
        /** One capture of part of the authorization, settled at what was captured. */
        PARTIAL_CAPTURE(null),
        /** Settled in another currency at an exchange rate: matched on its gross, clean. */
        FX_SETTLEMENT(null),
        AWAITING_SETTLEMENT(null),
        MISSING_SETTLEMENT("MISSING_SETTLEMENT"),
        UNKNOWN_SETTLEMENT("UNKNOWN_SETTLEMENT"),
        AMOUNT_MISMATCH("AMOUNT_MISMATCH"),
        CURRENCY_MISMATCH("CURRENCY_MISMATCH"),
        STATUS_MISMATCH("STATUS_MISMATCH"),
        DUPLICATE_SETTLEMENT("DUPLICATE_SETTLEMENT"),
        REFUND_MISMATCH("REFUND_MISMATCH"),
        CHARGEBACK_MISMATCH("CHARGEBACK_MISMATCH"),
        /** Settled as captured, with a fee far off the schedule. */
        FEE_MISMATCH("FEE_MISMATCH");

        public final String discrepancy;

        Plant(String discrepancy) {
            this.discrepancy = discrepancy;
        }
    }

    /**
     * One settlement report line, provider-neutral; {@link #report(String)} renders it per provider.
     *
     * @param amount      the gross, in the payment's {@code currency}
     * @param fee         in {@code currency}
     * @param netCurrency the currency the line is paid out in; null when it is {@code currency}
     */
    public record Row(
            String paymentId,
            String kind,
            long amount,
            String currency,
            long fee,
            String reference,
            String modificationId,
            Instant settledAt,
            String netCurrency) {

        Row(
                String paymentId,
                String kind,
                long amount,
                String currency,
                long fee,
                String reference,
                String modificationId,
                Instant settledAt) {
            this(paymentId, kind, amount, currency, fee, reference, modificationId, settledAt, null);
        }

        boolean isFx() {
            return netCurrency != null;
        }

        String payoutCurrency() {
            return isFx() ? netCurrency : currency;
        }

        /** The exchange rate from the payment's currency to the payout's. */
        BigDecimal rate() {
            return isFx() ? FX_RATES.get(currency + netCurrency) : BigDecimal.ONE;
        }

        /** Minor units of {@code currency} in the payout currency, at {@link #rate()}. */
        long converted(long minorUnits) {
            return Decimals.major(minorUnits, currency)
                    .multiply(rate())
                    .setScale(Currency.getInstance(payoutCurrency()).getDefaultFractionDigits(), RoundingMode.HALF_UP)
                    .unscaledValue()
                    .longValueExact();
        }

        /** What the line adds to the balance in the payout currency: signed gross less fee, converted. */
        long net() {
            long signed = kind.equals("capture") ? converted(amount) : -converted(amount);
            return signed - converted(fee);
        }
    }

    /** Capture fees, in percent of the gross: the schedule the tests and the local stack configure. */
    public static final int FEE_PERCENT = 2;

    /** How much less than its rows add up to the report pays out in EUR. */
    public static final long PAYOUT_SHORTFALL = 100;

    /** The one currency whose payout is planted short. */
    public static final String SHORT_PAID_CURRENCY = "EUR";

    private static final Map<String, BigDecimal> FX_RATES = Map.of(
            "EURUSD", new BigDecimal("1.0825"),
            "JPYUSD", new BigDecimal("0.0066"),
            "KWDUSD", new BigDecimal("3.2510"),
            "USDEUR", new BigDecimal("0.9238"));

    public record PlannedPayment(String paymentId, Plant plant, List<PaymentFact> webhooks, List<Row> rows) {}

    private static final List<String> CURRENCIES = List.of("EUR", "JPY", "KWD", "USD");
    private static final ZoneId ADYEN_ZONE = ZoneId.of("Europe/Amsterdam");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter ZONE_NAME = DateTimeFormatter.ofPattern("z", Locale.ENGLISH);

    private final List<PlannedPayment> payments;
    private final List<Row> rows;
    private final Instant settledAt;

    private SettlementScenario(List<PlannedPayment> payments, List<Row> rows, Instant settledAt) {
        this.payments = payments;
        this.rows = rows;
        this.settledAt = settledAt;
    }

    /**
     * @param perPlant  payments of each {@link Plant}
     * @param settledAt when the report's lines settled; webhooks happen before it, most within the
     *                  settlement delay (3 days), MISSING_SETTLEMENT's capture ten days before
     */
    public static SettlementScenario generate(long seed, int perPlant, Instant settledAt) {
        return generate(seed, List.of(Plant.values()), perPlant, settledAt);
    }

    /**
     * The plants a format can express. A Razorpay recon item of a payment is keyed by the payment's own
     * id, so one payment cannot settle in two captures or twice under two references.
     */
    public static List<Plant> plantsFor(String format) {
        return format.equals("razorpay")
                ? java.util.Arrays.stream(Plant.values())
                        .filter(p -> p != Plant.MULTIPLE_CAPTURES && p != Plant.DUPLICATE_SETTLEMENT)
                        .toList()
                : List.of(Plant.values());
    }

    /** A scenario of only these plants, {@code perPlant} payments of each. */
    public static SettlementScenario generate(long seed, List<Plant> plants, int perPlant, Instant settledAt) {
        Random random = new Random(seed);
        List<PlannedPayment> payments = new ArrayList<>();
        int n = 0;
        for (Plant plant : plants) {
            for (int i = 0; i < perPlant; i++, n++) {
                String currency = CURRENCIES.get(random.nextInt(CURRENCIES.size()));
                String paymentId = "pay_" + seed + "_" + n + "_" + plant.name().toLowerCase(Locale.ROOT);
                payments.add(plan(plant, paymentId, currency, 1_000 + random.nextInt(100_000), settledAt, random));
            }
        }
        List<Row> rows = new ArrayList<>();
        payments.forEach(p -> rows.addAll(p.rows()));
        Collections.shuffle(rows, random);
        return new SettlementScenario(List.copyOf(payments), List.copyOf(rows), settledAt);
    }

    private static PlannedPayment plan(
            Plant plant, String id, String currency, long amount, Instant settledAt, Random random) {
        Instant captured = settledAt.minus(Duration.ofHours(30 + random.nextInt(12)));
        List<PaymentFact> webhooks = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        Instant lineAt = settledAt.plusSeconds(random.nextInt(3_000));
        switch (plant) {
            case UNKNOWN_SETTLEMENT -> rows.add(capture(id, amount, currency, lineAt, "a"));
            case STATUS_MISMATCH -> {
                webhooks.add(fact(id, "payment.authorized", amount, currency, null, captured.minusSeconds(60)));
                webhooks.add(fact(id, "payment.failed", amount, currency, null, captured));
                rows.add(capture(id, amount, currency, lineAt, "a"));
            }
            case MULTIPLE_CAPTURES -> {
                long first = amount * 3 / 10;
                webhooks.add(fact(id, "payment.authorized", amount, currency, null, captured.minusSeconds(60)));
                webhooks.add(capture(id, 1, first, currency, captured));
                webhooks.add(capture(id, 2, amount - first, currency, captured.plusSeconds(3_600)));
                rows.add(new Row(id, "capture", first, currency, fee(first), "ca_" + id, "cap1_" + id, lineAt));
                rows.add(new Row(
                        id,
                        "capture",
                        amount - first,
                        currency,
                        fee(amount - first),
                        "cb_" + id,
                        "cap2_" + id,
                        lineAt.plusSeconds(60)));
            }
            case PARTIAL_CAPTURE -> {
                long part = amount * 6 / 10;
                webhooks.add(fact(id, "payment.authorized", amount, currency, null, captured.minusSeconds(60)));
                webhooks.add(fact(id, "payment.captured", part, currency, null, captured));
                rows.add(capture(id, part, currency, lineAt, "a"));
            }
            // The capture names itself, as Adyen's do: its line in another currency must still count as its settlement.
            case CURRENCY_MISMATCH -> {
                webhooks.add(fact(id, "payment.authorized", amount, currency, null, captured.minusSeconds(60)));
                webhooks.add(capture(id, 1, amount, currency, captured));
            }
            default -> {
                Instant at = plant == Plant.MISSING_SETTLEMENT ? settledAt.minus(Duration.ofDays(10)) : captured;
                webhooks.add(fact(id, "payment.authorized", amount, currency, null, at.minusSeconds(60)));
                webhooks.add(fact(id, "payment.captured", amount, currency, null, at));
            }
        }
        switch (plant) {
            case MATCH -> rows.add(capture(id, amount, currency, lineAt, "a"));
            case FX_SETTLEMENT -> {
                String payout = currency.equals("USD") ? "EUR" : "USD";
                rows.add(new Row(id, "capture", amount, currency, fee(amount), "ca_" + id, null, lineAt, payout));
            }
            case FEE_MISMATCH ->
                rows.add(new Row(
                        id, "capture", amount, currency, fee(amount) + 100 + amount / 100, "ca_" + id, null, lineAt));
            case MATCH_WITH_REFUND -> {
                long refund = amount / 4;
                webhooks.add(fact(id, "payment.refunded", refund, currency, "rf_" + id, captured.plusSeconds(600)));
                rows.add(capture(id, amount, currency, lineAt, "a"));
                rows.add(new Row(id, "refund", refund, currency, 0, "r_" + id, "rf_" + id, lineAt.plusSeconds(60)));
            }
            case MATCH_WITH_CHARGEBACK -> {
                webhooks.add(fact(id, "payment.dispute_opened", amount, currency, null, captured.plusSeconds(600)));
                webhooks.add(fact(id, "payment.dispute_lost", amount, currency, null, captured.plusSeconds(1200)));
                rows.add(capture(id, amount, currency, lineAt, "a"));
                rows.add(new Row(
                        id, "chargeback", amount, currency, 1500, "cb_" + id, "dp_" + id, lineAt.plusSeconds(60)));
            }
            case AMOUNT_MISMATCH -> rows.add(capture(id, amount - 1 - random.nextInt(500), currency, lineAt, "a"));
            case CURRENCY_MISMATCH ->
                rows.add(capture(id, amount, currency.equals("USD") ? "EUR" : "USD", lineAt, "a"));
            case DUPLICATE_SETTLEMENT -> {
                rows.add(capture(id, amount, currency, lineAt, "a"));
                rows.add(capture(id, amount, currency, lineAt.plusSeconds(60), "b"));
            }
            case REFUND_MISMATCH -> {
                rows.add(capture(id, amount, currency, lineAt, "a"));
                rows.add(new Row(
                        id, "refund", amount / 2, currency, 0, "r_" + id, "rf_unknown_" + id, lineAt.plusSeconds(60)));
            }
            case CHARGEBACK_MISMATCH -> {
                rows.add(capture(id, amount, currency, lineAt, "a"));
                rows.add(new Row(
                        id, "chargeback", amount, currency, 1500, "cb_" + id, "dp_" + id, lineAt.plusSeconds(60)));
            }
            default -> {}
        }
        return new PlannedPayment(id, plant, webhooks, rows);
    }

    private static Row capture(String paymentId, long amount, String currency, Instant at, String suffix) {
        return new Row(paymentId, "capture", amount, currency, fee(amount), "c" + suffix + "_" + paymentId, null, at);
    }

    /** The scheduled fee of a capture, rounded down: within a minor unit of the schedule's rounding. */
    private static long fee(long amount) {
        return amount * FEE_PERCENT / 100;
    }

    /** The {@code n}th of several captures of a payment, naming itself {@code cap<n>_<paymentId>}. */
    private static PaymentFact capture(String paymentId, int n, long amount, String currency, Instant at) {
        return new PaymentFact(
                "evt_captured_" + n + "_" + paymentId,
                "payment.captured",
                paymentId,
                "ord_" + paymentId,
                amount,
                currency,
                "cap" + n + "_" + paymentId,
                at);
    }

    private static PaymentFact fact(
            String paymentId, String type, long amount, String currency, String refundId, Instant at) {
        return new PaymentFact(
                "evt_" + type.substring("payment.".length()) + "_" + paymentId,
                type,
                paymentId,
                "ord_" + paymentId,
                amount,
                currency,
                refundId,
                at);
    }

    public List<PlannedPayment> payments() {
        return payments;
    }

    /** Payment id → the discrepancy type a correct reconciler reports for it; payments without one are absent. */
    public Map<String, String> expectedDiscrepancies() {
        Map<String, String> expected = new LinkedHashMap<>();
        payments.stream()
                .filter(p -> p.plant().discrepancy != null)
                .forEach(p -> expected.put(p.paymentId(), p.plant().discrepancy));
        return expected;
    }

    /**
     * What a correct reconciler reports once a later batch's cut-off has passed every capture plus
     * the settlement delay: the planted discrepancies, and the captures that were only awaiting
     * their settlement are now missing it. Nothing else: each planted fault stays one discrepancy.
     */
    public Map<String, String> expectedDiscrepanciesOnceDue() {
        Map<String, String> expected = expectedDiscrepancies();
        payments.stream()
                .filter(p -> p.plant() == Plant.AWAITING_SETTLEMENT)
                .forEach(p -> expected.put(p.paymentId(), Plant.MISSING_SETTLEMENT.discrepancy));
        return expected;
    }

    /**
     * The payouts a correct reconciler reports as not adding up, by currency, with the difference: the
     * EUR payout, paid {@link #PAYOUT_SHORTFALL} short. Every other currency's payout adds up.
     */
    public Map<String, Long> expectedPayoutMismatches() {
        return Map.of(SHORT_PAID_CURRENCY, PAYOUT_SHORTFALL);
    }

    /** As {@link #expectedPayoutMismatches()} in this format: a Razorpay recon report has no payout row. */
    public Map<String, Long> expectedPayoutMismatches(String format) {
        return format.equals("razorpay") ? Map.of() : expectedPayoutMismatches();
    }

    /** Each currency's payout: every line's net and the batch fee, in the currency it is paid out in. */
    private Map<String, Long> payouts() {
        Map<String, Long> payouts = new TreeMap<>();
        for (Row row : rows) {
            payouts.merge(row.payoutCurrency(), row.net(), Long::sum);
        }
        payouts.merge(BATCH_FEE_CURRENCY, -BATCH_FEE, Long::sum);
        payouts.merge(SHORT_PAID_CURRENCY, -PAYOUT_SHORTFALL, Long::sum);
        return payouts;
    }

    /** A batch-level fee (Radar, a monthly fee): not about one payment, but part of the payout. */
    private static final long BATCH_FEE = 1_200;

    private static final String BATCH_FEE_CURRENCY = "EUR";

    /**
     * How many lines agree with their payment: every line of a payment planted to match, plus the good capture of a
     * planted refund, chargeback or duplicate break.
     */
    public long expectedMatchedLines() {
        long matched = 0;
        for (PlannedPayment p : payments) {
            matched += switch (p.plant()) {
                case MATCH,
                        MATCH_WITH_REFUND,
                        MATCH_WITH_CHARGEBACK,
                        MULTIPLE_CAPTURES,
                        PARTIAL_CAPTURE,
                        FX_SETTLEMENT,
                        FEE_MISMATCH -> p.rows().size();
                case DUPLICATE_SETTLEMENT, REFUND_MISMATCH, CHARGEBACK_MISMATCH -> 1;
                default -> 0;
            };
        }
        return matched;
    }

    /**
     * The report in a provider's format ({@code adyen}, {@code stripe}, {@code generic}), with a fee and a payout row
     * for the batch.
     */
    public String report(String format) {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv =
                CSVFormat.RFC4180.builder().setRecordSeparator("\n").get().print(out)) {
            switch (format) {
                case "adyen" -> adyen(csv);
                case "stripe" -> stripe(csv);
                case "generic" -> generic(csv);
                case "razorpay" -> razorpay(csv);
                default -> throw new IllegalArgumentException("unknown settlement format " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * The report's payouts that pay money out, as a bank statement shows them: named as the reconciler
     * names them (Adyen's {@code TX…XT} reference, Stripe's and a generic report's {@code po_<currency>}),
     * with what the bank credit may carry.
     */
    public List<BankStatementScenario.Payout> bankPayouts(String format) {
        List<BankStatementScenario.Payout> bank = new ArrayList<>();
        java.time.LocalDate paidOn = java.time.LocalDate.ofInstant(batchRowsAt(), ZoneOffset.UTC);
        payouts().forEach((currency, amount) -> {
            if (amount <= 0 || format.equals("razorpay")) {
                return;
            }
            String reference = format.equals("adyen") ? adyenPayoutDescription(currency) : "po_" + currency;
            String id = format.equals("adyen") ? reference.substring(0, reference.indexOf(' ')) : reference;
            bank.add(new BankStatementScenario.Payout(id, format, amount, currency, paidOn, reference));
        });
        return bank;
    }

    private Instant batchRowsAt() {
        return settledAt.plus(Duration.ofHours(1));
    }

    private void adyen(CSVPrinter csv) throws IOException {
        csv.printRecord((Object[]) ("Company Account,Merchant Account,Psp Reference,Merchant Reference,Payment Method,"
                        + "Creation Date,TimeZone,Type,Modification Reference,Gross Currency,Gross Debit (GC),Gross "
                        + "Credit (GC),"
                        + "Exchange Rate,Net Currency,Net Debit (NC),Net Credit (NC),Commission (NC),Markup (NC),"
                        + "Scheme Fees (NC),"
                        + "Interchange (NC),Payment Method Variant,Modification Merchant Reference,Batch Number,"
                        + "Reserved4,Reserved5,"
                        + "Reserved6,Reserved7,Reserved8,Reserved9,Reserved10")
                .split(","));
        for (Row row : rows) {
            String type =
                    switch (row.kind()) {
                        case "capture" -> "Settled";
                        case "refund" -> "Refunded";
                        default -> "Chargeback";
                    };
            boolean credit = row.kind().equals("capture");
            String gross = major(row.amount(), row.currency());
            String net = major(Math.abs(row.net()), row.payoutCurrency());
            String modification = row.modificationId() != null ? row.modificationId() : row.reference();
            adyenRow(
                    csv,
                    row.paymentId(),
                    "ord_" + row.paymentId() + ", web shop",
                    "visa",
                    row.settledAt(),
                    type,
                    modification,
                    row.currency(),
                    credit ? "" : gross,
                    credit ? gross : "",
                    row.rate().toPlainString(),
                    row.payoutCurrency(),
                    credit ? "" : net,
                    credit ? net : "",
                    major(row.converted(row.fee()), row.payoutCurrency()),
                    "visacredit");
        }
        adyenRow(
                csv,
                "",
                "",
                "",
                batchRowsAt(),
                "Fee",
                "",
                "",
                "",
                "",
                "",
                BATCH_FEE_CURRENCY,
                major(BATCH_FEE, "EUR"),
                "",
                "",
                "");
        for (Map.Entry<String, Long> payout : payouts().entrySet()) {
            // A payout is a debit of the balance; a negative one (more refunded than settled) a credit.
            String paid = major(Math.abs(payout.getValue()), payout.getKey());
            boolean debit = payout.getValue() >= 0;
            adyenRow(
                    csv,
                    "",
                    "",
                    "",
                    batchRowsAt(),
                    "MerchantPayout",
                    adyenPayoutDescription(payout.getKey()),
                    "",
                    "",
                    "",
                    "",
                    payout.getKey(),
                    debit ? paid : "",
                    debit ? "" : paid,
                    "",
                    "");
        }
    }

    /**
     * What Adyen's MerchantPayout row carries in Modification Reference: the description it sends the bank,
     * by default the unique payout reference, the merchant account and the batch number.
     */
    public static String adyenPayoutDescription(String currency) {
        return "TX" + String.format("%012d", Math.abs((long) currency.hashCode())) + "XT PayhookECOM, batch 1";
    }

    private static void adyenRow(
            CSVPrinter csv,
            String psp,
            String merchantReference,
            String method,
            Instant at,
            String type,
            String modification,
            String grossCurrency,
            String grossDebit,
            String grossCredit,
            String rate,
            String netCurrency,
            String netDebit,
            String netCredit,
            String commission,
            String variant)
            throws IOException {
        csv.printRecord(
                "PayhookLocal",
                "PayhookLocalECOM",
                psp,
                merchantReference,
                method,
                LOCAL.format(at.atZone(ADYEN_ZONE)),
                ZONE_NAME.format(at.atZone(ADYEN_ZONE)),
                type,
                modification,
                grossCurrency,
                grossDebit,
                grossCredit,
                rate,
                netCurrency,
                netDebit,
                netCredit,
                commission,
                "",
                "",
                "",
                variant,
                "",
                "7",
                "",
                "",
                "",
                "",
                "",
                "",
                "");
    }

    private void stripe(CSVPrinter csv) throws IOException {
        csv.printRecord(
                "balance_transaction_id",
                "created_utc",
                "currency",
                "gross",
                "fee",
                "net",
                "reporting_category",
                "source_id",
                "description",
                "payment_intent_id",
                "payment_method_type",
                "customer_facing_amount",
                "customer_facing_currency");
        DateTimeFormatter utc = LOCAL.withZone(ZoneOffset.UTC);
        for (Row row : rows) {
            long sign = row.kind().equals("capture") ? 1 : -1;
            String category =
                    switch (row.kind()) {
                        case "capture" -> "charge";
                        case "refund" -> "refund";
                        default -> "dispute";
                    };
            // Balance transactions are in the settlement currency; what the customer paid is customer-facing.
            String settled = row.payoutCurrency();
            csv.printRecord(
                    "txn_" + row.reference(),
                    utc.format(row.settledAt()),
                    settled.toLowerCase(Locale.ROOT),
                    major(sign * row.converted(row.amount()), settled),
                    major(row.converted(row.fee()), settled),
                    major(row.net(), settled),
                    category,
                    row.modificationId() != null ? row.modificationId() : "ch_" + row.reference(),
                    "Order " + row.paymentId() + ", web",
                    row.paymentId(),
                    "card",
                    major(row.amount(), row.currency()),
                    row.currency().toLowerCase(Locale.ROOT));
        }
        String fee = major(-BATCH_FEE, BATCH_FEE_CURRENCY);
        csv.printRecord(
                "txn_fees",
                utc.format(batchRowsAt()),
                "eur",
                fee,
                "0.00",
                fee,
                "fee",
                "",
                "Radar fees",
                "",
                "",
                "",
                "");
        for (Map.Entry<String, Long> payout : payouts().entrySet()) {
            String paid = major(-payout.getValue(), payout.getKey());
            csv.printRecord(
                    "txn_payout_" + payout.getKey(),
                    utc.format(batchRowsAt()),
                    payout.getKey().toLowerCase(Locale.ROOT),
                    paid,
                    major(0, payout.getKey()),
                    paid,
                    "payout",
                    "po_" + payout.getKey(),
                    "",
                    "",
                    "",
                    "",
                    "");
        }
    }

    private void generic(CSVPrinter csv) throws IOException {
        csv.printRecord(
                "payment_id",
                "type",
                "amount",
                "currency",
                "fee",
                "settled_at",
                "reference",
                "capture_id",
                "payment_method",
                "net",
                "net_currency");
        for (Row row : rows) {
            boolean capture = row.kind().equals("capture");
            csv.printRecord(
                    row.paymentId(),
                    row.kind(),
                    major(row.amount(), row.currency()),
                    row.currency(),
                    major(row.fee(), row.currency()),
                    row.settledAt(),
                    row.modificationId() != null && !capture ? row.modificationId() : row.reference(),
                    capture && row.modificationId() != null ? row.modificationId() : "",
                    "card",
                    row.isFx() ? major(row.net(), row.netCurrency()) : "",
                    row.isFx() ? row.netCurrency() : "");
        }
        csv.printRecord(
                "",
                "fee",
                major(-BATCH_FEE, BATCH_FEE_CURRENCY),
                BATCH_FEE_CURRENCY,
                "",
                batchRowsAt(),
                "fees",
                "",
                "",
                "",
                "");
        for (Map.Entry<String, Long> payout : payouts().entrySet()) {
            csv.printRecord(
                    "",
                    "payout",
                    major(-payout.getValue(), payout.getKey()),
                    payout.getKey(),
                    "",
                    batchRowsAt(),
                    "po_" + payout.getKey(),
                    "",
                    "",
                    "",
                    "");
        }
    }

    /**
     * Razorpay's settlement recon report: one item per payment, refund and dispute adjustment, integers
     * in the smallest unit, the net as credit or debit, Unix seconds. Razorpay settles in the payment's
     * currency, so a line is booked in it; the batch fee is an adjustment naming no dispute, and the
     * report has no payout row.
     */
    private void razorpay(CSVPrinter csv) throws IOException {
        csv.printRecord(
                "entity_id",
                "type",
                "debit",
                "credit",
                "amount",
                "currency",
                "fee",
                "tax",
                "on_hold",
                "settled",
                "created_at",
                "settled_at",
                "settlement_id",
                "payment_id",
                "settlement_utr",
                "method",
                "dispute_id");
        for (Row row : rows) {
            String type =
                    switch (row.kind()) {
                        case "capture" -> "payment";
                        case "refund" -> "refund";
                        default -> "adjustment";
                    };
            boolean capture = type.equals("payment");
            long net = capture ? row.amount() - row.fee() : row.amount() + row.fee();
            long seconds = row.settledAt().getEpochSecond();
            csv.printRecord(
                    capture
                            ? row.paymentId()
                            : (type.equals("refund") ? row.modificationId() : "adj_" + row.reference()),
                    type,
                    capture ? 0 : net,
                    capture ? net : 0,
                    row.amount(),
                    row.currency(),
                    row.fee(),
                    0,
                    "false",
                    "true",
                    seconds - 86_400,
                    seconds,
                    "setl_" + row.currency(),
                    capture ? "" : row.paymentId(),
                    seconds + "scenario",
                    "card",
                    type.equals("adjustment") ? row.modificationId() : "");
        }
        long seconds = batchRowsAt().getEpochSecond();
        csv.printRecord(
                "adj_fees",
                "adjustment",
                BATCH_FEE,
                0,
                BATCH_FEE,
                BATCH_FEE_CURRENCY,
                0,
                0,
                "false",
                "true",
                seconds,
                seconds,
                "setl_" + BATCH_FEE_CURRENCY,
                "",
                seconds + "scenario",
                "",
                "");
    }

    private static String major(long minorUnits, String currency) {
        return Decimals.major(minorUnits, currency).toPlainString();
    }
}
