package dev.payhook.provider.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.payhook.common.SettlementBatch;
import dev.payhook.common.SettlementKind;
import dev.payhook.common.SettlementLine;
import dev.payhook.testkit.WebhookFixtures;
import java.io.StringReader;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Settlement reports in the column sets the providers export, as finance teams upload them unedited:
 * every layout is read, every line lands where the provider's documentation says it belongs, and
 * each report's payouts add up.
 */
class SettlementReportFixturesTest {

    private static final Instant UPLOADED = Instant.parse("2026-12-05T12:00:00Z");

    record Read(List<SettlementLine> lines, SettlementReports.Report report) {}

    static Read read(String format, String name, ReportOptions options) throws Exception {
        List<SettlementLine> lines = new ArrayList<>();
        SettlementReports.Report report = SettlementReports.read(
                format,
                options,
                new StringReader(WebhookFixtures.report(format, name)),
                "stl_fixture",
                UPLOADED,
                lines::add);
        assertThat(report.rejected()).as(name + " rejected lines").isEmpty();
        return new Read(lines, report);
    }

    @Test
    void stripeBalanceChangeFromActivityWithUtcTimesAndACustomerFacingCurrency() throws Exception {
        Read read = read("stripe", "balance_change_from_activity.itemized.3.csv", ReportOptions.NONE);

        assertThat(read.lines())
                .extracting(
                        SettlementLine::paymentId,
                        SettlementLine::kind,
                        SettlementLine::amount,
                        SettlementLine::currency,
                        SettlementLine::settledAt)
                .containsExactly(
                        tuple(
                                "pi_3QpayhookA1b2C3d4",
                                SettlementKind.CAPTURE,
                                10000L,
                                "EUR",
                                Instant.parse("2026-11-20T10:00:00Z")),
                        tuple(
                                "pi_3QpayhookA1b2C3d4",
                                SettlementKind.REFUND,
                                3000L,
                                "EUR",
                                Instant.parse("2026-11-20T12:30:00Z")),
                        // Charged 100.00 EUR, settled 108.25 USD: matched on what the customer paid.
                        tuple(
                                "pi_3QpayhookFx01",
                                SettlementKind.CAPTURE,
                                10000L,
                                "EUR",
                                Instant.parse("2026-11-20T13:00:00Z")));
        assertThat(read.lines().get(0).fee()).isEqualTo(165);
        assertThat(read.report().batch().totals())
                .isEqualTo(Map.of("fee", new java.util.TreeMap<>(Map.of("EUR", -50L))));
    }

    @Test
    void stripeLocalTimeReportIsReadInTheZoneItWasRunWithAndItsPayoutAddsUp() throws Exception {
        Read read = read(
                "stripe",
                "balance_change_from_activity.itemized.3.local-time.csv",
                new ReportOptions(ZoneId.of("Europe/Berlin")));

        // 11:00 in Berlin on 20 November is 10:00 UTC (CET, +01:00).
        assertThat(read.lines())
                .extracting(SettlementLine::reference, SettlementLine::settledAt)
                .containsExactly(
                        tuple("stripe:txn_3QpayhookL001", Instant.parse("2026-11-20T10:00:00Z")),
                        tuple("stripe:txn_3QpayhookL002", Instant.parse("2026-11-20T12:30:00Z")));
        assertThat(read.lines().get(0).amount()).isEqualTo(10000);
        SettlementBatch batch = read.report().batch();
        assertThat(batch.payouts())
                .isEqualTo(Map.of(
                        "po_1QpayhookP001",
                        new SettlementBatch.Payout(
                                6785,
                                6835,
                                -50,
                                "EUR",
                                List.of(new SettlementBatch.Payout.Transfer(
                                        "po_1QpayhookP001", 6785, java.time.LocalDate.of(2026, 11, 23))))));
        assertThat(batch.payouts().get("po_1QpayhookP001").difference()).isZero();
    }

    @Test
    void aStripeReportWithOnlyLocalTimesAndNoZoneIsRefusedSayingSo() {
        assertThatThrownBy(() ->
                        read("stripe", "balance_change_from_activity.itemized.3.local-time.csv", ReportOptions.NONE))
                .isInstanceOf(SettlementReportParser.MissingColumnsException.class)
                .hasMessageContaining("only in local time")
                .hasMessageContaining("?timezone=")
                .satisfies(e -> assertThat(((SettlementReportParser.MissingColumnsException) e).type())
                        .isEqualTo("missing-time-zone"));
    }

    @Test
    void stripePayoutReconciliationTiesEachRowToItsPayoutAndReadsReversalsAndLaterColumns() throws Exception {
        Read read = read("stripe", "payout_reconciliation.itemized.5.csv", ReportOptions.NONE);

        assertThat(read.lines())
                .extracting(SettlementLine::kind, SettlementLine::amount, SettlementLine::modificationId)
                .containsExactly(
                        tuple(SettlementKind.CAPTURE, 10000L, "ch_3QpayhookA1b2C3d4"),
                        tuple(SettlementKind.CHARGEBACK, 10000L, "du_1QpayhookD002"),
                        tuple(SettlementKind.CHARGEBACK_REVERSAL, 10000L, "du_1QpayhookD002"),
                        tuple(SettlementKind.REFUND_REVERSAL, 3000L, "re_3QpayhookR001"),
                        tuple(SettlementKind.REFUND, 3000L, "re_3QpayhookR001"));
        // No payout row in a payout reconciliation report: nothing to check the rows against.
        assertThat(read.report().batch().payouts()).isEmpty();
    }

    @Test
    void stripeEndingBalanceReconciliationWithBothTimeColumnsPrefersUtc() throws Exception {
        Read read = read("stripe", "ending_balance_reconciliation.itemized.4.csv", ReportOptions.NONE);

        assertThat(read.lines()).singleElement().satisfies(line -> {
            assertThat(line.currency()).isEqualTo("JPY");
            assertThat(line.amount()).isEqualTo(5000);
            assertThat(line.fee()).isEqualTo(180);
            assertThat(line.settledAt()).isEqualTo(Instant.parse("2026-11-30T22:00:00Z"));
        });
        assertThat(read.report().batchRows()).isEqualTo(1);
    }

    @Test
    void adyen30ColumnsWithDaylightSavingLeadingDotAmountsLongRatesAndASpreadsheetMangledReference() throws Exception {
        Read read = read("adyen", "settlement_detail_report_batch_30.csv", ReportOptions.NONE);

        assertThat(read.lines())
                .extracting(
                        SettlementLine::paymentId,
                        SettlementLine::kind,
                        SettlementLine::amount,
                        SettlementLine::currency,
                        SettlementLine::fee,
                        SettlementLine::settledAt)
                .containsExactly(
                        // PST: 02:00 on 20 November is 10:00 UTC; .12 + 1.00 + .38 + .70 of fees.
                        tuple(
                                "8835713480000001",
                                SettlementKind.CAPTURE,
                                10000L,
                                "EUR",
                                220L,
                                Instant.parse("2026-11-20T10:00:00Z")),
                        tuple(
                                "8835713480000001",
                                SettlementKind.REFUND,
                                4000L,
                                "EUR",
                                0L,
                                Instant.parse("2026-11-20T12:00:00Z")),
                        tuple(
                                "8835713480000001",
                                SettlementKind.REFUND_REVERSAL,
                                3000L,
                                "EUR",
                                0L,
                                Instant.parse("2026-11-20T13:00:00Z")),
                        // PDT on 30 October: 10:00 is 17:00 UTC.
                        tuple(
                                "8835713480000030",
                                SettlementKind.CAPTURE,
                                5000L,
                                "JPY",
                                140L,
                                Instant.parse("2026-10-30T17:00:00Z")),
                        // CAD at a 15-digit rate, net in EUR: matched on its gross, its fee not in the gross currency.
                        tuple(
                                "8835713480000031",
                                SettlementKind.CAPTURE,
                                4500L,
                                "CAD",
                                null,
                                Instant.parse("2026-11-20T14:15:00Z")));
        SettlementBatch batch = read.report().batch();
        assertThat(batch.payouts().get("EUR").difference()).isZero();
        assertThat(batch.payouts().get("EUR").paid()).isEqualTo(11635);
        // The MerchantPayout's Modification Reference is the description Adyen sends the bank with the payout.
        assertThat(batch.payouts().get("EUR").transfers())
                .containsExactly(new SettlementBatch.Payout.Transfer(
                        "TX1234567890XT batch 30, PayhookECOM", 11635, java.time.LocalDate.of(2026, 11, 21)));
        assertThat(batch.payouts().get("JPY").difference()).isZero();
        assertThat(batch.net()).containsEntry("EUR", 11755L).containsEntry("JPY", 4860L);
    }

    @Test
    void aSpreadsheetMangledReferenceIsKeptAsTextNeverAsANumber() throws Exception {
        String mangled = WebhookFixtures.report("adyen", "settlement_detail_report_batch_30.csv")
                .replace("8835713480000003", "8.83571348E+15");
        List<SettlementLine> lines = new ArrayList<>();
        SettlementReports.read("adyen", new StringReader(mangled), "stl_mangled", UPLOADED, lines::add);

        assertThat(lines.get(0).modificationId()).isEqualTo("8.83571348E+15");
        assertThat(lines.get(0).reference()).contains("8.83571348E+15");
    }

    /** Adyen names each row's merchant account; the account an upload names applies only where a row names none. */
    @Test
    void eachLineBelongsToTheMerchantAccountItsReportNamesElseTheUploads() throws Exception {
        Read adyen = read(
                "adyen",
                "settlement_detail_report_batch_30.csv",
                ReportOptions.NONE.forAccounts("SomeOtherAccount", null));
        Read stripe = read(
                "stripe",
                "balance_change_from_activity.itemized.3.csv",
                ReportOptions.NONE.forAccounts("acct_1QpayhookSeller", null));

        assertThat(adyen.lines())
                .isNotEmpty()
                .extracting(SettlementLine::account)
                .containsOnly("PayhookECOM");
        assertThat(adyen.report().batch().accounts()).containsExactly("PayhookECOM");
        assertThat(stripe.lines())
                .isNotEmpty()
                .extracting(SettlementLine::account)
                .containsOnly("acct_1QpayhookSeller");
        assertThat(stripe.report().batch().accounts()).containsExactly("acct_1QpayhookSeller");
    }

    /**
     * An upload limited to some accounts (a scoped operator's) is refused whole, before a line is read
     * into the pipeline, when a row belongs to another account or to none.
     */
    @Test
    void anUploadLimitedToAccountsIsRefusedWholeWhenARowBelongsToAnother() throws Exception {
        String adyen = WebhookFixtures.report("adyen", "settlement_detail_report_batch_30.csv");
        String stripe = WebhookFixtures.report("stripe", "balance_change_from_activity.itemized.3.csv");

        SettlementReports.validate(
                "adyen",
                ReportOptions.NONE.forAccounts(null, java.util.Set.of("PayhookECOM")),
                new StringReader(adyen));
        assertThatThrownBy(() -> SettlementReports.validate(
                        "adyen",
                        ReportOptions.NONE.forAccounts(null, java.util.Set.of("PayhookPOS")),
                        new StringReader(adyen)))
                .isInstanceOf(SettlementReportParser.AccountNotPermittedException.class)
                .hasMessageContaining("Line 2 belongs to an account this operator may not upload for")
                .hasMessageNotContaining("PayhookECOM");
        assertThatThrownBy(() -> SettlementReports.validate(
                        "stripe",
                        ReportOptions.NONE.forAccounts(null, java.util.Set.of("acct_1QpayhookSeller")),
                        new StringReader(stripe)))
                .isInstanceOf(SettlementReportParser.AccountNotPermittedException.class)
                .hasMessageContaining("names no merchant account");
        SettlementReports.validate(
                "stripe",
                ReportOptions.NONE.forAccounts("acct_1QpayhookSeller", java.util.Set.of("acct_1QpayhookSeller")),
                new StringReader(stripe));
    }

    @Test
    void adyen34ColumnsAcrossTheSpringClockChange() throws Exception {
        Read read = read("adyen", "settlement_detail_report_batch_34.csv", ReportOptions.NONE);

        assertThat(read.lines())
                .extracting(SettlementLine::kind, SettlementLine::settledAt)
                .containsExactly(
                        // 01:30 CET is before the clocks went forward at 02:00 on 29 March; 03:30 CEST after.
                        tuple(SettlementKind.CAPTURE, Instant.parse("2026-03-29T00:30:00Z")),
                        tuple(SettlementKind.CHARGEBACK, Instant.parse("2026-03-29T01:30:00Z")),
                        tuple(SettlementKind.CHARGEBACK_REVERSAL, Instant.parse("2026-03-29T02:30:00Z")));
        assertThat(read.report().batch().payouts().get("EUR").difference()).isZero();
    }

    @Test
    void adyen49ColumnsWithAPaymentCostRowThatMovesTheBalanceNotThePayment() throws Exception {
        Read read = read("adyen", "settlement_detail_report_batch_49.csv", ReportOptions.NONE);

        assertThat(read.lines()).singleElement().satisfies(line -> {
            assertThat(line.kind()).isEqualTo(SettlementKind.CAPTURE);
            assertThat(line.amount()).isEqualTo(2500);
            assertThat(line.fee()).isEqualTo(87);
        });
        SettlementBatch batch = read.report().batch();
        assertThat(batch.totals().get("paymentcost")).containsEntry("USD", -15L);
        assertThat(batch.payouts().get("USD").difference()).isZero();
    }

    @Test
    void razorpayReconReportInPaiseWithRefundsTransfersAndADisputeAdjustment() throws Exception {
        Read read = read("razorpay", "settlement_recon_combined.csv", ReportOptions.NONE);

        assertThat(read.lines())
                .extracting(
                        SettlementLine::reference,
                        SettlementLine::paymentId,
                        SettlementLine::kind,
                        SettlementLine::amount,
                        SettlementLine::fee,
                        SettlementLine::modificationId)
                .containsExactly(
                        tuple(
                                "razorpay:payment:pay_PayhookRzp0001",
                                "pay_PayhookRzp0001",
                                SettlementKind.CAPTURE,
                                50000L,
                                1180L,
                                null),
                        tuple(
                                "razorpay:refund:rfnd_PayhookRzp001",
                                "pay_PayhookRzp0001",
                                SettlementKind.REFUND,
                                20000L,
                                null,
                                "rfnd_PayhookRzp001"),
                        tuple(
                                "razorpay:adjustment:adj_PayhookRzp001",
                                "pay_PayhookRzp0002",
                                SettlementKind.CHARGEBACK,
                                50000L,
                                null,
                                "disp_PayhookRzp003"));
        assertThat(read.lines())
                .allSatisfy(line -> assertThat(line.settledAt()).isEqualTo(Instant.ofEpochSecond(1795341610)));
        assertThat(read.report().batch().totals().get("transfer")).containsEntry("INR", -5000L);
    }
}
