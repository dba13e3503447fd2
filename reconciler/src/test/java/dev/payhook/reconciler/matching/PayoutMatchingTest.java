package dev.payhook.reconciler.matching;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.BankLine;
import dev.payhook.common.DiscrepancyType;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bank leg's rules on one account, without a stream. */
class PayoutMatchingTest {

    private static final String IBAN = "DE89370400440532013000";
    /** A Friday: the window of 5 business days ends on the next Friday. */
    private static final LocalDate FRIDAY = LocalDate.of(2026, 11, 6);

    private static final PayoutMatching.Settings SETTINGS =
            new PayoutMatching.Settings(5, Map.of("stripe", List.of("STRIPE"), "adyen", List.of("ADYEN")));

    @Test
    void aCreditCarryingThePayoutIdMatchesItEvenOutsideTheWindow() {
        ExpectedPayout payout = stripe("po_1", 6785, FRIDAY);
        BankLine credit = credit("b1", 6785, FRIDAY.plusDays(20), "STRIPE PAYOUT po_1");

        PayoutMatching.Result result = match(List.of(payout), List.of(credit), FRIDAY.plusDays(30));

        assertThat(result.credits()).containsExactly(Map.entry(payout.key(), credit.lineId()));
        assertThat(result.findings()).isEmpty();
    }

    @Test
    void aCreditCarryingThePayoutIdForAnotherAmountIsABankAmountMismatchAndNotAlsoNotReceived() {
        ExpectedPayout payout = stripe("po_1", 6785, FRIDAY);
        BankLine credit = credit("b1", 6000, FRIDAY, "po_1");

        PayoutMatching.Result result = match(List.of(payout), List.of(credit), FRIDAY.plusDays(30));

        assertThat(result.findings()).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(DiscrepancyType.BANK_AMOUNT_MISMATCH);
            assertThat(f.amount()).isEqualTo(785);
            assertThat(f.reference()).isEqualTo("po_1");
        });
        assertThat(result.shortPaid()).containsExactly(Map.entry(payout.key(), credit.lineId()));
        assertThat(result.credits()).isEmpty();
    }

    @Test
    void aRemainderCreditedLaterUnderTheSameReferenceCompletesTheShortPayout() {
        ExpectedPayout payout = stripe("po_1", 6785, FRIDAY);
        BankLine first = credit("b1", 6000, FRIDAY, "po_1");
        BankLine remainder = credit("b2", 785, FRIDAY.plusDays(3), "STRIPE po_1 remainder");

        PayoutMatching.Result result = match(List.of(payout), List.of(first, remainder), FRIDAY.plusDays(30));

        assertThat(result.findings()).isEmpty();
        assertThat(result.credits()).containsExactly(Map.entry(payout.key(), remainder.lineId()));
    }

    @Test
    void withoutAReferenceTheExactAmountWithinTheWindowMatchesTheNearestCredit() {
        ExpectedPayout payout = adyen("TX1XT", 102200, FRIDAY);
        BankLine late = credit("b2", 102200, FRIDAY.plusDays(3), "Invoice 77");
        BankLine near = credit("b1", 102200, FRIDAY.plusDays(1), "Invoice 76");

        PayoutMatching.Result result = match(List.of(payout), List.of(late, near), FRIDAY.plusDays(1));

        assertThat(result.credits()).containsExactly(Map.entry(payout.key(), near.lineId()));
    }

    @Test
    void theWindowCountsBusinessDaysAndAPayoutIsNotReceivedOnlyOnceStatementsCoverIt() {
        ExpectedPayout payout = stripe("po_1", 6785, FRIDAY);
        LocalDate due = LocalDate.of(2026, 11, 13);
        assertThat(PayoutMatching.addBusinessDays(FRIDAY, 5)).isEqualTo(due);

        assertThat(match(List.of(payout), List.of(), null).findings()).isEmpty();
        assertThat(match(List.of(payout), List.of(), due.minusDays(1)).findings())
                .isEmpty();
        assertThat(match(List.of(payout), List.of(), due).findings())
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.type()).isEqualTo(DiscrepancyType.PAYOUT_NOT_RECEIVED);
                    assertThat(f.expected()).endsWith("on account " + IBAN + " by 2026-11-13");
                });
        // The same amount after the window is not this payout's credit.
        BankLine tooLate = credit("b1", 6785, due.plusDays(1), "Invoice");
        assertThat(match(List.of(payout), List.of(tooLate), due.plusDays(1)).credits())
                .isEmpty();
    }

    @Test
    void aCreditNamingAProviderThatPaysNoPayoutIsUnexpectedButOtherCreditsAreNot() {
        BankLine stripe = credit("b1", 5000, FRIDAY, "STRIPE PAYMENTS EUROPE LTD transfer");
        BankLine stripes = credit("b2", 5000, FRIDAY, "STRIPES AND DOTS LTD invoice 12");
        BankLine customer = credit("b3", 5000, FRIDAY, "Customer invoice 4711");

        PayoutMatching.Result result = match(List.of(), List.of(stripe, stripes, customer), FRIDAY);

        assertThat(result.findings()).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(DiscrepancyType.UNEXPECTED_PAYOUT_CREDIT);
            assertThat(f.key()).isEqualTo(stripe.lineId());
        });
    }

    @Test
    void onADailyNettingAccountADaysPayoutsMatchOneCreditOfTheirSum() {
        ExpectedPayout first = adyen("TX1XT", 10000, FRIDAY);
        ExpectedPayout second = adyen("TX2XT", 2500, FRIDAY);
        BankLine netted = credit("b1", 12500, FRIDAY.plusDays(3), "ADYEN N.V. payouts");

        PayoutMatching.Result perPayout = PayoutMatching.match(
                IBAN,
                BankAccount.Netting.PER_PAYOUT,
                List.of(first, second),
                List.of(netted),
                FRIDAY.plusDays(30),
                SETTINGS);
        PayoutMatching.Result daily = PayoutMatching.match(
                IBAN,
                BankAccount.Netting.DAILY,
                List.of(first, second),
                List.of(netted),
                FRIDAY.plusDays(30),
                SETTINGS);

        assertThat(perPayout.findings())
                .extracting(Finding::type)
                .containsExactlyInAnyOrder(
                        DiscrepancyType.PAYOUT_NOT_RECEIVED,
                        DiscrepancyType.PAYOUT_NOT_RECEIVED,
                        DiscrepancyType.UNEXPECTED_PAYOUT_CREDIT);
        assertThat(daily.findings()).isEmpty();
        assertThat(daily.credits())
                .containsExactly(Map.entry(first.key(), netted.lineId()), Map.entry(second.key(), netted.lineId()));
    }

    @Test
    void aCreditCarryingSeveralPayoutsReferencesIsTheirNettedCredit() {
        ExpectedPayout first = adyen("TX1XT", 10000, FRIDAY);
        ExpectedPayout second = adyen("TX2XT", 2500, FRIDAY);
        BankLine netted = credit("b1", 12500, FRIDAY, "TX1XT TX2XT");
        BankLine shortOne = credit("b1", 12000, FRIDAY, "TX1XT TX2XT");

        assertThat(match(List.of(first, second), List.of(netted), FRIDAY).credits())
                .hasSize(2);
        assertThat(match(List.of(first, second), List.of(shortOne), FRIDAY).findings())
                .extracting(Finding::type, Finding::amount)
                .containsOnly(org.assertj.core.groups.Tuple.tuple(DiscrepancyType.BANK_AMOUNT_MISMATCH, 500L));
    }

    @Test
    void aCreditInAnotherCurrencyNeverMatches() {
        ExpectedPayout payout = stripe("po_1", 6785, FRIDAY);
        BankLine usd =
                new BankLine(IBAN + ":b1", "s1", IBAN, FRIDAY, FRIDAY, 6785, "USD", true, "b1", null, "Invoice", null);

        assertThat(match(List.of(payout), List.of(usd), FRIDAY).credits()).isEmpty();
    }

    private static PayoutMatching.Result match(
            List<ExpectedPayout> payouts, List<BankLine> credits, LocalDate coveredThrough) {
        return PayoutMatching.match(IBAN, BankAccount.Netting.PER_PAYOUT, payouts, credits, coveredThrough, SETTINGS);
    }

    private static ExpectedPayout stripe(String id, long amount, LocalDate paidOn) {
        return new ExpectedPayout("stripe:" + id, id, "stl_1", "stripe", IBAN, amount, "EUR", paidOn, null);
    }

    private static ExpectedPayout adyen(String txid, long amount, LocalDate paidOn) {
        return new ExpectedPayout(
                "adyen:" + txid,
                "EUR",
                "stl_" + txid,
                "adyen",
                IBAN,
                amount,
                "EUR",
                paidOn,
                txid + " TestMerchant, batch 4");
    }

    private static BankLine credit(String reference, long amount, LocalDate valueDate, String remittance) {
        return new BankLine(
                IBAN + ":" + reference + ":" + amount,
                "s1",
                IBAN,
                valueDate,
                valueDate,
                amount,
                "EUR",
                true,
                reference,
                null,
                remittance,
                null);
    }
}
