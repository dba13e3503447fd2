package dev.payhook.provider.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payhook.common.RejectedLine;
import dev.payhook.common.SettlementBatch;
import dev.payhook.common.SettlementKind;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettlementReportParserTest {

    /** The day the payout rows of these reports are dated. */
    private static final java.time.LocalDate NOV_21 = java.time.LocalDate.of(2026, 11, 21);

    static final String ADYEN_HEADER =
            "Company Account,Merchant Account,Psp Reference,Merchant Reference,Payment Method,"
                    + "Creation Date,TimeZone,Type,Modification Reference,Gross Currency,Gross Debit (GC),Gross "
                    + "Credit (GC),"
                    + "Exchange Rate,Net Currency,Net Debit (NC),Net Credit (NC),Commission (NC),Markup (NC),Scheme "
                    + "Fees (NC),"
                    + "Interchange (NC),Payment Method Variant,Modification Merchant Reference,Batch Number,Reserved4,"
                    + "Reserved5,"
                    + "Reserved6,Reserved7,Reserved8,Reserved9,Reserved10";

    record Parsed(List<ParsedRow.PaymentLine> lines, List<Long> lineNumbers, SettlementReportParser.Result result) {}

    /** After every line of these reports: none of them is settled in the future. */
    static final Instant UPLOADED = Instant.parse("2026-11-22T12:00:00Z");

    static Parsed parse(SettlementReportFormat format, String csv) throws Exception {
        SettlementReportParser.validate(new StringReader(csv), format, ReportOptions.NONE);
        List<ParsedRow.PaymentLine> lines = new ArrayList<>();
        List<Long> numbers = new ArrayList<>();
        SettlementReportParser.Result result = SettlementReportParser.parse(
                new StringReader(csv), format, ReportOptions.NONE, UPLOADED, (line, number, account) -> {
                    lines.add(line);
                    numbers.add(number);
                });
        return new Parsed(lines, numbers, result);
    }

    @Test
    void adyenSettlementDetailsReportWithEveryKindOfRow() throws Exception {
        String csv = ADYEN_HEADER + "\n"
                + "Acme,AcmeEUR,8815000000000001,\"order 1, gift wrap\",visa,2026-11-20 10:15:03,CET,Settled,"
                + "8815000000000001,EUR,,100.50,1,EUR,,98.20,0.10,1.20,0.50,0.50,visacredit,,42,,,,,,,\n"
                + "\n"
                + "Acme,AcmeEUR,8815000000000001,\"order 1, gift wrap\",visa,2026-11-21 09:00:00,CET,Refunded,"
                + "8825000000000009,EUR,30.00,,1,EUR,30.00,,,,,,visacredit,\"refund, partial\",42,,,,,,,\n"
                + "Acme,AcmeJP,8815000000000002,order-2,jcb,2026-07-01 12:00:00,Europe/Amsterdam,Settled,"
                + "8815000000000002,JPY,,1500,1,JPY,,1480,20,,,,jcb,,42,,,,,,,\n"
                + "Acme,AcmeKW,8815000000000003,order-3,knet,2026-11-20 10:00:00,CET,Chargeback,8835000000000003,KWD,"
                + "12.345,,1,KWD,12.345,,,,,,knet,,42,,,,,,,\n"
                + "Acme,AcmeEUR,,,,2026-11-21 23:59:59,CET,Fee,,,,,,EUR,5.00,,,,,,,,42,,,,,,,\n"
                + "Acme,AcmeEUR,,,,2026-11-22 00:00:00,CET,MerchantPayout,,,,,,EUR,1000.00,,,,,,,,42,,,,,,,\n"
                + "Acme,AcmeEUR,8815000000000004,order-4,visa,2026-11-20 10:00:00,CET\n"
                + "Acme,AcmeEUR,8815000000000005,order-5,visa,2026-11-20 10:00:00,CET,Settled,8815000000000005,EUR,,"
                + "10.001,1,EUR,,,,,,,visa,,42,,,,,,,\n"
                + "Acme,AcmeEUR,8815000000000006,order-6,visa,2026-11-20 10:00:00,CET,InvoiceDeduction,,EUR,1.00,,1,"
                + "EUR,1.00,,,,,,,,42,,,,,,,\n";

        Parsed parsed = parse(new AdyenSettlementDetailsReport(), csv);

        assertThat(parsed.lines())
                .containsExactly(
                        new ParsedRow.PaymentLine(
                                "adyen:8815000000000001:Settled:8815000000000001",
                                "8815000000000001",
                                SettlementKind.CAPTURE,
                                10050,
                                "EUR",
                                230L,
                                "8815000000000001",
                                "visa",
                                9820,
                                "EUR",
                                Instant.parse("2026-11-20T09:15:03Z")),
                        new ParsedRow.PaymentLine(
                                "adyen:8815000000000001:Refunded:8825000000000009",
                                "8815000000000001",
                                SettlementKind.REFUND,
                                3000,
                                "EUR",
                                0L,
                                "8825000000000009",
                                "visa",
                                -3000,
                                "EUR",
                                Instant.parse("2026-11-21T08:00:00Z")),
                        // Amsterdam in July is CEST, UTC+2.
                        new ParsedRow.PaymentLine(
                                "adyen:8815000000000002:Settled:8815000000000002",
                                "8815000000000002",
                                SettlementKind.CAPTURE,
                                1500,
                                "JPY",
                                20L,
                                "8815000000000002",
                                "jcb",
                                1480,
                                "JPY",
                                Instant.parse("2026-07-01T10:00:00Z")),
                        new ParsedRow.PaymentLine(
                                "adyen:8815000000000003:Chargeback:8835000000000003",
                                "8815000000000003",
                                SettlementKind.CHARGEBACK,
                                12345,
                                "KWD",
                                0L,
                                "8835000000000003",
                                "knet",
                                -12345,
                                "KWD",
                                Instant.parse("2026-11-20T09:00:00Z")));
        assertThat(parsed.lineNumbers()).containsExactly(2L, 4L, 5L, 6L);
        // An InvoiceDeduction booked against a payment moves the balance, not the payment: a batch row.
        assertThat(parsed.result().totals())
                .isEqualTo(Map.of(
                        "fee",
                        Map.of("EUR", -500L),
                        "invoicededuction",
                        Map.of("EUR", -100L),
                        "merchantpayout",
                        Map.of("EUR", -100000L)));
        assertThat(parsed.result().batchRows()).isEqualTo(3);
        assertThat(parsed.result().net()).isEqualTo(Map.of("EUR", 6820L, "JPY", 1480L, "KWD", -12345L));
        // Paid out 1000.00 EUR; its rows add up to 68.20 less 6.00 of fee and deduction: 937.80 EUR more.
        assertThat(withoutTransfers(parsed.result().payouts()))
                .isEqualTo(Map.of("EUR", new SettlementBatch.Payout(100000, 6820, -600)));
        assertThat(parsed.result().payouts().get("EUR").difference()).isEqualTo(-93780);
        assertThat(parsed.result().cutoff()).isEqualTo(Instant.parse("2026-11-21T23:00:00Z"));
        assertThat(parsed.result().rejected()).extracting(RejectedLine::line).containsExactly(9L, 10L);
        assertThat(parsed.result().rejected().get(0).reason()).contains("fewer than the header");
        assertThat(parsed.result().rejected().get(1).reason())
                .contains("10.001")
                .contains("EUR minor units");
    }

    @Test
    void adyenCreationDateIsReadInItsTimeZoneColumn() {
        assertThat(AdyenSettlementDetailsReport.creationDate("2026-07-01 12:00:00", "CEST"))
                .isEqualTo(Instant.parse("2026-07-01T10:00:00Z"));
        assertThat(AdyenSettlementDetailsReport.creationDate("2026-01-01 12:00:00", "PST"))
                .isEqualTo(Instant.parse("2026-01-01T20:00:00Z"));
        assertThat(AdyenSettlementDetailsReport.creationDate("2026-01-01 12:00:00", "Asia/Tokyo"))
                .isEqualTo(Instant.parse("2026-01-01T03:00:00Z"));
        assertThatThrownBy(() -> AdyenSettlementDetailsReport.creationDate("2026-01-01 12:00:00", "Mars/Olympus"))
                .hasMessageContaining("Mars/Olympus");
    }

    @Test
    void stripeItemizedPayoutReportWithNegativeRefundsAndLowerCaseCurrencies() throws Exception {
        String csv = "balance_transaction_id,created_utc,created,available_on_utc,currency,gross,fee,net,"
                + "reporting_category,source_id,description,payment_intent_id,charge_id\n"
                + "txn_1,2026-11-20 10:00:00,2026-11-20 11:00:00,2026-11-22 00:00:00,eur,100.00,3.20,96.80,"
                + "charge,ch_1,\"Order 1, blue\",pi_1,ch_1\n"
                + "txn_2,2026-11-20 12:30:00,2026-11-20 13:30:00,2026-11-22 00:00:00,eur,-25.00,0.00,-25.00,"
                + "refund,re_1,,pi_1,ch_1\n"
                + "txn_3,2026-11-20 13:00:00,2026-11-20 14:00:00,2026-11-22 00:00:00,jpy,5000,150,4850,charge,"
                + "ch_2,,pi_2,ch_2\n"
                + "txn_4,2026-11-20 14:00:00,2026-11-20 15:00:00,2026-11-22 00:00:00,usd,-40.00,15.00,-55.00,"
                + "dispute,dp_1,,pi_3,ch_3\n"
                + "txn_5,2026-11-21 00:00:00,2026-11-21 01:00:00,2026-11-22 00:00:00,eur,-2.00,0.00,-2.00,fee,"
                + ",Radar fees,,\n"
                + "txn_6,2026-11-21 00:00:01,2026-11-21 01:00:01,2026-11-22 00:00:00,eur,-1000.00,0.00,"
                + "-1000.00,payout,po_1,,,\n"
                + "txn_7,2026-11-21 00:00:02,2026-11-21 01:00:02,2026-11-22 00:00:00,eur,25.00,0.00,25.00,"
                + "refund,re_2,,pi_1,ch_1\n"
                + "txn_8,20/11/2026,,,eur,1.00,0.00,1.00,charge,ch_9,,pi_9,ch_9\n";

        Parsed parsed = parse(new StripeItemizedReport(ReportOptions.NONE), csv);

        assertThat(parsed.lines())
                .containsExactly(
                        new ParsedRow.PaymentLine(
                                "stripe:txn_1",
                                "pi_1",
                                SettlementKind.CAPTURE,
                                10000,
                                "EUR",
                                320L,
                                "ch_1",
                                null,
                                9680,
                                "EUR",
                                Instant.parse("2026-11-20T10:00:00Z")),
                        new ParsedRow.PaymentLine(
                                "stripe:txn_2",
                                "pi_1",
                                SettlementKind.REFUND,
                                2500,
                                "EUR",
                                0L,
                                "re_1",
                                null,
                                -2500,
                                "EUR",
                                Instant.parse("2026-11-20T12:30:00Z")),
                        new ParsedRow.PaymentLine(
                                "stripe:txn_3",
                                "pi_2",
                                SettlementKind.CAPTURE,
                                5000,
                                "JPY",
                                150L,
                                "ch_2",
                                null,
                                4850,
                                "JPY",
                                Instant.parse("2026-11-20T13:00:00Z")),
                        new ParsedRow.PaymentLine(
                                "stripe:txn_4",
                                "pi_3",
                                SettlementKind.CHARGEBACK,
                                4000,
                                "USD",
                                1500L,
                                "dp_1",
                                null,
                                -5500,
                                "USD",
                                Instant.parse("2026-11-20T14:00:00Z")));
        assertThat(parsed.result().totals())
                .isEqualTo(Map.of("fee", Map.of("EUR", -200L), "payout", Map.of("EUR", -100000L)));
        assertThat(parsed.result().net()).isEqualTo(Map.of("EUR", 7180L, "JPY", 4850L, "USD", -5500L));
        assertThat(withoutTransfers(parsed.result().payouts()))
                .isEqualTo(Map.of("EUR", new SettlementBatch.Payout(100000, 7180, -200)));
        assertThat(parsed.result().rejected()).extracting(RejectedLine::line).containsExactly(8L, 9L);
        assertThat(parsed.result().rejected().get(0).reason()).contains("wrong sign");
        assertThat(parsed.result().rejected().get(1).reason()).contains("created_utc");
    }

    @Test
    void genericReportWithoutReferencesGetsOneFromTheRowsContent() throws Exception {
        String csv = "payment_id,type,amount,currency,fee,settled_at,reference\r\n"
                + "pay_1,capture,100.00,USD,2.90,2026-11-20T10:00:00Z,set_1\r\n"
                + "pay_1,refund,10.00,usd,,2026-11-20T11:00:00+01:00,rf_1\r\n"
                + "pay_2,capture,7,JPY,,2026-11-20T10:00:00Z,\r\n"
                + "pay_3,transfer,1.00,USD,,2026-11-20T10:00:00Z,x\r\n"
                + ",payout,-107.00,USD,,2026-11-21T00:00:00Z,po_1\r\n";

        Parsed parsed = parse(new GenericSettlementReport(), csv);
        Parsed again = parse(new GenericSettlementReport(), csv);

        assertThat(parsed.lines()).hasSize(3);
        assertThat(parsed.lines().get(0))
                .isEqualTo(new ParsedRow.PaymentLine(
                        "generic:set_1",
                        "pay_1",
                        SettlementKind.CAPTURE,
                        10000,
                        "USD",
                        290L,
                        null,
                        null,
                        9710,
                        "USD",
                        Instant.parse("2026-11-20T10:00:00Z")));
        assertThat(parsed.lines().get(1))
                .isEqualTo(new ParsedRow.PaymentLine(
                        "generic:rf_1",
                        "pay_1",
                        SettlementKind.REFUND,
                        1000,
                        "USD",
                        null,
                        "rf_1",
                        null,
                        -1000,
                        "USD",
                        Instant.parse("2026-11-20T10:00:00Z")));
        assertThat(parsed.lines().get(2).reference())
                .startsWith("generic:")
                .isEqualTo(again.lines().get(2).reference());
        assertThat(parsed.result().rejected()).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(5);
            assertThat(r.reason()).contains("transfer");
        });
        assertThat(parsed.result().totals()).isEqualTo(Map.of("payout", Map.of("USD", -10700L)));
        assertThat(withoutTransfers(parsed.result().payouts()))
                .isEqualTo(Map.of("USD", new SettlementBatch.Payout(10700, 8710, 0)));
    }

    /** 100.00 EUR charged, settled as 108.00 USD at 1.08 less a 3.00 USD fee, and paid out in USD. */
    @Test
    void aLineSettledInAnotherCurrencyIsMatchedOnItsGrossAndAddsItsNetToThePayoutCurrency() throws Exception {
        String adyen = ADYEN_HEADER + "\n"
                + "Acme,AcmeUS,8815000000000001,order-1,visa,2026-11-20 10:00:00,CET,Settled,8815000000000001,EUR,,"
                + "100.00,1.08,USD,,105.00,1.00,1.00,0.50,0.50,visacredit,,42,,,,,,,\n"
                + "Acme,AcmeUS,,,,2026-11-21 00:00:00,CET,MerchantPayout,,,,,,USD,105.00,,,,,,,,42,,,,,,,\n";
        String stripe = "balance_transaction_id,created_utc,currency,gross,fee,net,reporting_category,source_id,"
                + "payment_intent_id,payment_method_type,customer_facing_amount,customer_facing_currency\n"
                + "txn_1,2026-11-20 10:00:00,usd,108.00,3.00,105.00,charge,ch_1,8815000000000001,card,100.00,eur\n"
                + "txn_2,2026-11-21 00:00:00,usd,-105.00,0.00,-105.00,payout,po_1,,,,\n";
        String generic = "payment_id,type,amount,currency,fee,settled_at,reference,payment_method,net,net_currency\n"
                + "8815000000000001,capture,100.00,EUR,2.00,2026-11-20T09:00:00Z,set_1,Card,105.00,USD\n"
                + ",payout,-105.00,USD,,2026-11-21T00:00:00Z,po_1,,,\n";

        for (var report : Map.of(
                        new AdyenSettlementDetailsReport(), adyen,
                        new StripeItemizedReport(ReportOptions.NONE), stripe,
                        new GenericSettlementReport(), generic)
                .entrySet()) {
            Parsed parsed = parse(report.getKey(), report.getValue());

            assertThat(parsed.result().rejected()).isEmpty();
            assertThat(parsed.lines()).singleElement().satisfies(line -> {
                assertThat(line.amount()).isEqualTo(10000);
                assertThat(line.currency()).isEqualTo("EUR");
                assertThat(line.net()).isEqualTo(10500);
                assertThat(line.netCurrency()).isEqualTo("USD");
            });
            assertThat(parsed.result().net()).isEqualTo(Map.of("USD", 10500L));
            // Midnight on 21 November: in CET (Adyen's row) that is still the 20th in UTC.
            assertThat(parsed.result().payouts().get("USD"))
                    .extracting(p -> p.paid(), p -> p.paymentLines(), p -> p.otherRows(), p -> p.transfers()
                            .get(0)
                            .paidOn())
                    .containsExactly(
                            10500L,
                            10500L,
                            0L,
                            report.getKey() instanceof AdyenSettlementDetailsReport
                                    ? java.time.LocalDate.of(2026, 11, 20)
                                    : NOV_21);
            assertThat(parsed.result().payouts().get("USD").difference()).isZero();
        }
        // The fee is checked only where it is stated in the gross currency.
        assertThat(parse(new AdyenSettlementDetailsReport(), adyen)
                        .lines()
                        .get(0)
                        .fee())
                .isNull();
        assertThat(parse(new StripeItemizedReport(ReportOptions.NONE), stripe)
                        .lines()
                        .get(0)
                        .fee())
                .isNull();
        assertThat(parse(new GenericSettlementReport(), generic).lines().get(0).fee())
                .isEqualTo(200);
        assertThat(parse(new StripeItemizedReport(ReportOptions.NONE), stripe)
                        .lines()
                        .get(0)
                        .paymentMethod())
                .isEqualTo("card");
        assertThat(parse(new GenericSettlementReport(), generic).lines().get(0).paymentMethod())
                .isEqualTo("card");
    }

    @Test
    void aReportWithoutAPayoutRowHasNoPayoutToCheck() throws Exception {
        String csv = "payment_id,type,amount,currency,fee,settled_at,reference\n"
                + "pay_1,capture,100.00,USD,2.90,2026-11-20T10:00:00Z,set_1\n"
                + ",fee,-1.00,USD,,2026-11-21T00:00:00Z,fees\n";

        Parsed parsed = parse(new GenericSettlementReport(), csv);

        assertThat(parsed.result().net()).isEqualTo(Map.of("USD", 9710L));
        assertThat(parsed.result().payouts()).isEmpty();
    }

    @Test
    void aHeaderWithoutTheNeededColumnsRejectsTheWholeFile() {
        assertThatThrownBy(() -> parse(new StripeItemizedReport(ReportOptions.NONE), "id,amount\n1,2\n"))
                .isInstanceOf(SettlementReportParser.MissingColumnsException.class)
                .hasMessageContaining("balance_transaction_id");
    }

    @Test
    void anUnterminatedQuoteRefusesTheWholeFileNamingTheRecordWhereItStarts() {
        String csv = "payment_id,type,amount,currency,fee,settled_at,reference\n"
                + "pay_1,capture,1.00,USD,,2026-11-20T10:00:00Z,a\n"
                + "pay_2,capture,\"2.00,USD,,2026-11-20T10:00:00Z,b\n"
                + "pay_3,capture,3.00,USD,,2026-11-20T10:00:00Z,c\n";

        assertThatThrownBy(() -> parse(new GenericSettlementReport(), csv))
                .isInstanceOfSatisfying(MalformedReportException.class, e -> assertThat(e.line())
                        .isEqualTo(3));
    }

    @Test
    void aQuoteInTheMiddleOfAnUnquotedFieldRefusesTheWholeFile() {
        String csv = "payment_id,type,amount,currency,fee,settled_at,reference\n"
                + "pay_1,capture,1.00,USD,,2026-11-20T10:00:00Z,a\n"
                + "pay_2,capture,\"2.00\"x,USD,,2026-11-20T10:00:00Z,b\n";

        assertThatThrownBy(() -> parse(new GenericSettlementReport(), csv))
                .isInstanceOfSatisfying(MalformedReportException.class, e -> assertThat(e.line())
                        .isEqualTo(3));
    }

    @Test
    void aRecordLongerThanAnySettlementLineRefusesTheFileBeforeItIsHeldInMemory() {
        String csv = "payment_id,type,amount,currency,fee,settled_at,reference\n"
                + "pay_1,capture,1.00,USD,,2026-11-20T10:00:00Z,a\n"
                + "pay_2,capture,\"" + "9".repeat(BoundedRecordReader.MAX_RECORD_CHARS)
                + "\",USD,,2026-11-20T10:00:00Z,b\n";

        assertThatThrownBy(() -> parse(new GenericSettlementReport(), csv))
                .isInstanceOfSatisfying(MalformedReportException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.getMessage()).hasSizeLessThan(200);
                });
    }

    @Test
    void aLineDatedMoreThanADayAfterTheUploadIsRejectedAndIsNotTheCutoff() throws Exception {
        String csv = "payment_id,type,amount,currency,fee,settled_at,reference\n"
                + "pay_1,capture,1.00,USD,,2026-11-22T10:00:00Z,a\n"
                + "pay_2,capture,2.00,USD,,2026-11-23T11:59:59Z,b\n"
                + "pay_3,capture,3.00,USD,,2031-01-01T00:00:00Z,c\n"
                + ",payout,-3.00,USD,,2030-01-01T00:00:00Z,po\n";

        Parsed parsed = parse(new GenericSettlementReport(), csv);

        assertThat(parsed.lines()).extracting(ParsedRow.PaymentLine::paymentId).containsExactly("pay_1", "pay_2");
        assertThat(parsed.result().cutoff()).isEqualTo(Instant.parse("2026-11-23T11:59:59Z"));
        assertThat(parsed.result().totals()).isEmpty();
        assertThat(parsed.result().rejected()).extracting(RejectedLine::line).containsExactly(4L, 5L);
        assertThat(parsed.result().rejected())
                .allSatisfy(r -> assertThat(r.reason()).startsWith("settled-in-future"));
    }

    @Test
    void aCurrencyWithoutAMinorUnitIsARejectedLine() throws Exception {
        String csv = "payment_id,type,amount,currency,fee,settled_at,reference\n"
                + "pay_1,capture,1.00,XAU,,2026-11-20T10:00:00Z,a\n"
                + "pay_2,capture,1.00,XXX,,2026-11-20T10:00:00Z,b\n"
                + "pay_3,capture,1.00,QQQ,,2026-11-20T10:00:00Z,c\n";

        Parsed parsed = parse(new GenericSettlementReport(), csv);

        assertThat(parsed.lines()).isEmpty();
        assertThat(parsed.result().rejected())
                .extracting(RejectedLine::reason)
                .containsExactly(
                        "currency has no minor unit: XAU",
                        "currency has no minor unit: XXX",
                        "not an ISO 4217 currency code: 'QQQ'");
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstColumn() throws Exception {
        Parsed parsed = parse(
                new GenericSettlementReport(),
                "\uFEFFpayment_id,type,amount,currency,fee,settled_at,reference\npay_1,capture,1.00,USD,,"
                        + "2026-11-20T10:00:00Z,a\n");

        assertThat(parsed.lines()).hasSize(1);
    }

    /** The payouts as sums, for the tests about what adds up; their transfers are asserted where they matter. */
    private static Map<String, SettlementBatch.Payout> withoutTransfers(Map<String, SettlementBatch.Payout> payouts) {
        Map<String, SettlementBatch.Payout> sums = new java.util.TreeMap<>();
        payouts.forEach((key, p) ->
                sums.put(key, new SettlementBatch.Payout(p.paid(), p.paymentLines(), p.otherRows(), p.currency())));
        return sums;
    }
}
