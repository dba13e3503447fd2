package dev.payhook.testkit;

import dev.payhook.testkit.ProviderSigner.PaymentFact;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A labelled reconciliation scenario: payments with known webhooks, and a provider's settlement
 * report that plants every discrepancy type of docs/DESIGN.md next to clean matches. Each payment
 * says which discrepancy (if any) a correct reconciler reports for it, so a test can demand
 * exactly the planted set: nothing missing, nothing extra. The demo uploads the same reports.
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
        AWAITING_SETTLEMENT(null),
        MISSING_SETTLEMENT("MISSING_SETTLEMENT"),
        UNKNOWN_SETTLEMENT("UNKNOWN_SETTLEMENT"),
        AMOUNT_MISMATCH("AMOUNT_MISMATCH"),
        CURRENCY_MISMATCH("CURRENCY_MISMATCH"),
        STATUS_MISMATCH("STATUS_MISMATCH"),
        DUPLICATE_SETTLEMENT("DUPLICATE_SETTLEMENT"),
        REFUND_MISMATCH("REFUND_MISMATCH"),
        CHARGEBACK_MISMATCH("CHARGEBACK_MISMATCH");

        public final String discrepancy;

        Plant(String discrepancy) {
            this.discrepancy = discrepancy;
        }
    }

    /** One settlement report line, provider-neutral; {@link #report(String)} renders it per provider. */
    public record Row(
            String paymentId,
            String kind,
            long amount,
            String currency,
            long fee,
            String reference,
            String modificationId,
            Instant settledAt) {}

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
        Random random = new Random(seed);
        List<PlannedPayment> payments = new ArrayList<>();
        int n = 0;
        for (Plant plant : Plant.values()) {
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
        long fee = amount / 50;
        switch (plant) {
            case UNKNOWN_SETTLEMENT -> rows.add(capture(id, amount, currency, fee, lineAt, "a"));
            case STATUS_MISMATCH -> {
                webhooks.add(fact(id, "payment.authorized", amount, currency, null, captured.minusSeconds(60)));
                webhooks.add(fact(id, "payment.failed", amount, currency, null, captured));
                rows.add(capture(id, amount, currency, fee, lineAt, "a"));
            }
            case MULTIPLE_CAPTURES -> {
                long first = amount * 3 / 10;
                webhooks.add(fact(id, "payment.authorized", amount, currency, null, captured.minusSeconds(60)));
                webhooks.add(capture(id, 1, first, currency, captured));
                webhooks.add(capture(id, 2, amount - first, currency, captured.plusSeconds(3_600)));
                rows.add(new Row(id, "capture", first, currency, fee, "ca_" + id, "cap1_" + id, lineAt));
                rows.add(new Row(
                        id,
                        "capture",
                        amount - first,
                        currency,
                        fee,
                        "cb_" + id,
                        "cap2_" + id,
                        lineAt.plusSeconds(60)));
            }
            case PARTIAL_CAPTURE -> {
                long part = amount * 6 / 10;
                webhooks.add(fact(id, "payment.authorized", amount, currency, null, captured.minusSeconds(60)));
                webhooks.add(fact(id, "payment.captured", part, currency, null, captured));
                rows.add(capture(id, part, currency, fee, lineAt, "a"));
            }
            default -> {
                Instant at = plant == Plant.MISSING_SETTLEMENT ? settledAt.minus(Duration.ofDays(10)) : captured;
                webhooks.add(fact(id, "payment.authorized", amount, currency, null, at.minusSeconds(60)));
                webhooks.add(fact(id, "payment.captured", amount, currency, null, at));
            }
        }
        switch (plant) {
            case MATCH -> rows.add(capture(id, amount, currency, fee, lineAt, "a"));
            case MATCH_WITH_REFUND -> {
                long refund = amount / 4;
                webhooks.add(fact(id, "payment.refunded", refund, currency, "rf_" + id, captured.plusSeconds(600)));
                rows.add(capture(id, amount, currency, fee, lineAt, "a"));
                rows.add(new Row(id, "refund", refund, currency, 0, "r_" + id, "rf_" + id, lineAt.plusSeconds(60)));
            }
            case MATCH_WITH_CHARGEBACK -> {
                webhooks.add(fact(id, "payment.dispute_opened", amount, currency, null, captured.plusSeconds(600)));
                webhooks.add(fact(id, "payment.dispute_lost", amount, currency, null, captured.plusSeconds(1200)));
                rows.add(capture(id, amount, currency, fee, lineAt, "a"));
                rows.add(new Row(
                        id, "chargeback", amount, currency, 1500, "cb_" + id, "dp_" + id, lineAt.plusSeconds(60)));
            }
            case AMOUNT_MISMATCH -> rows.add(capture(id, amount - 1 - random.nextInt(500), currency, fee, lineAt, "a"));
            case CURRENCY_MISMATCH ->
                rows.add(capture(id, amount, currency.equals("USD") ? "EUR" : "USD", fee, lineAt, "a"));
            case DUPLICATE_SETTLEMENT -> {
                rows.add(capture(id, amount, currency, fee, lineAt, "a"));
                rows.add(capture(id, amount, currency, fee, lineAt.plusSeconds(60), "b"));
            }
            case REFUND_MISMATCH -> {
                rows.add(capture(id, amount, currency, fee, lineAt, "a"));
                rows.add(new Row(
                        id, "refund", amount / 2, currency, 0, "r_" + id, "rf_unknown_" + id, lineAt.plusSeconds(60)));
            }
            case CHARGEBACK_MISMATCH -> {
                rows.add(capture(id, amount, currency, fee, lineAt, "a"));
                rows.add(new Row(
                        id, "chargeback", amount, currency, 1500, "cb_" + id, "dp_" + id, lineAt.plusSeconds(60)));
            }
            default -> {}
        }
        return new PlannedPayment(id, plant, webhooks, rows);
    }

    private static Row capture(String paymentId, long amount, String currency, long fee, Instant at, String suffix) {
        return new Row(paymentId, "capture", amount, currency, fee, "c" + suffix + "_" + paymentId, null, at);
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
     * How many lines agree with their payment: every line of a payment planted to match, plus the good capture of a
     * planted refund, chargeback or duplicate break.
     */
    public long expectedMatchedLines() {
        long matched = 0;
        for (PlannedPayment p : payments) {
            matched += switch (p.plant()) {
                case MATCH, MATCH_WITH_REFUND, MATCH_WITH_CHARGEBACK, MULTIPLE_CAPTURES, PARTIAL_CAPTURE ->
                    p.rows().size();
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
                default -> throw new IllegalArgumentException("unknown settlement format " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
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
            String net = major(credit ? row.amount() - row.fee() : row.amount() + row.fee(), row.currency());
            String modification = row.modificationId() != null ? row.modificationId() : row.reference();
            csv.printRecord(
                    "PayhookLocal",
                    "PayhookLocalECOM",
                    row.paymentId(),
                    "ord_" + row.paymentId() + ", web shop",
                    "visa",
                    LOCAL.format(row.settledAt().atZone(ADYEN_ZONE)),
                    ZONE_NAME.format(row.settledAt().atZone(ADYEN_ZONE)),
                    type,
                    modification,
                    row.currency(),
                    credit ? "" : gross,
                    credit ? gross : "",
                    "1",
                    row.currency(),
                    credit ? "" : net,
                    credit ? net : "",
                    major(row.fee(), row.currency()),
                    "",
                    "",
                    "",
                    "visacredit",
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
        for (String[] batchRow : List.of(new String[] {"Fee", "12.00"}, new String[] {"MerchantPayout", "100.00"})) {
            Instant at = batchRowsAt();
            csv.printRecord(
                    "PayhookLocal",
                    "PayhookLocalECOM",
                    "",
                    "",
                    "",
                    LOCAL.format(at.atZone(ADYEN_ZONE)),
                    ZONE_NAME.format(at.atZone(ADYEN_ZONE)),
                    batchRow[0],
                    "",
                    "",
                    "",
                    "",
                    "",
                    "EUR",
                    batchRow[1],
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
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
                "payment_intent_id");
        DateTimeFormatter utc = LOCAL.withZone(ZoneOffset.UTC);
        for (Row row : rows) {
            long sign = row.kind().equals("capture") ? 1 : -1;
            String category =
                    switch (row.kind()) {
                        case "capture" -> "charge";
                        case "refund" -> "refund";
                        default -> "dispute";
                    };
            csv.printRecord(
                    "txn_" + row.reference(),
                    utc.format(row.settledAt()),
                    row.currency().toLowerCase(Locale.ROOT),
                    major(sign * row.amount(), row.currency()),
                    major(row.fee(), row.currency()),
                    major(sign * row.amount() - row.fee(), row.currency()),
                    category,
                    row.modificationId() != null ? row.modificationId() : "ch_" + row.reference(),
                    "Order " + row.paymentId() + ", web",
                    row.paymentId());
        }
        csv.printRecord(
                "txn_fees", utc.format(batchRowsAt()), "eur", "-12.00", "0.00", "-12.00", "fee", "", "Radar fees", "");
        csv.printRecord(
                "txn_payout", utc.format(batchRowsAt()), "eur", "-100.00", "0.00", "-100.00", "payout", "po_1", "", "");
    }

    private void generic(CSVPrinter csv) throws IOException {
        csv.printRecord("payment_id", "type", "amount", "currency", "fee", "settled_at", "reference", "capture_id");
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
                    capture && row.modificationId() != null ? row.modificationId() : "");
        }
        csv.printRecord("", "fee", "-12.00", "EUR", "", batchRowsAt(), "fees", "");
    }

    private static String major(long minorUnits, String currency) {
        return Decimals.major(minorUnits, currency).toPlainString();
    }
}
