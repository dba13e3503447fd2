package dev.payhook.reconciler.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payhook.common.DiscrepancyType;
import dev.payhook.common.PaymentStatus;
import dev.payhook.common.SettlementBatch;
import dev.payhook.common.SettlementKind;
import dev.payhook.common.SettlementLine;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** What finance checks in a report beyond matching: the fees follow the contract, the payout adds up. */
class FeeAndPayoutChecksTest {

    private static final Instant CAPTURED = Instant.parse("2026-11-01T10:00:00Z");
    private static final Instant SETTLED = Instant.parse("2026-11-02T10:00:00Z");

    /** Adyen cards: 1.4% + 0.25, one cent either way; iDEAL a flat 0.29; Stripe not under contract here. */
    private static final FeeSchedule FEES = new FeeSchedule(Map.of(
            "Adyen",
            Map.of(
                    "default", new FeeSchedule.Rule(new BigDecimal("1.4"), 25L, 1L),
                    "iDEAL", new FeeSchedule.Rule(null, 29L, null))));

    @Test
    void theExpectedFeeIsThePercentageRoundedHalfUpPlusTheFixedPart() {
        FeeSchedule.Rule card = new FeeSchedule.Rule(new BigDecimal("2.9"), 30L, 0L);

        assertThat(card.expected(10_000)).isEqualTo(320); // 290 + 30
        assertThat(card.expected(1_050)).isEqualTo(60); // 30.45 → 30, + 30
        assertThat(new FeeSchedule.Rule(new BigDecimal("1.5"), null, null).expected(100))
                .isEqualTo(2); // 1.5 → 2
        assertThat(card.allows(10_000, 320)).isTrue();
        assertThat(card.allows(10_000, 321)).isFalse();
        assertThatThrownBy(() -> new FeeSchedule.Rule(new BigDecimal("-1"), 0L, 0L))
                .hasMessageContaining("never negative");
    }

    @Test
    void aFeeWithinTheToleranceIsCleanAndOneBeyondItIsAFeeMismatchOfTheDeviation() {
        assertThat(assess(capture("l1", 10_000, 166L, "visa")).findings()).isEmpty(); // 165 + 1

        Reconciliation.Assessment assessment = assess(capture("l1", 10_000, 300L, "visa"));

        assertThat(assessment.findings()).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(DiscrepancyType.FEE_MISMATCH);
            assertThat(f.key()).isEqualTo("l1");
            assertThat(f.amount()).isEqualTo(135);
            assertThat(f.currency()).isEqualTo("EUR");
            assertThat(f.expected())
                    .isEqualTo("a fee of 1.65 EUR (1.4% + 0.25 EUR, ± 0.01 EUR) for adyen visa on 100.00 EUR");
            assertThat(f.actual()).startsWith("a fee of 3.00 EUR on capture of 100.00 EUR settled (l1)");
        });
        // The money itself settled as captured: the line matches, the fee is a break of its own.
        assertThat(assessment.matched()).extracting(SettlementLine::reference).containsExactly("l1");
    }

    @Test
    void theMethodsOwnRuleComesBeforeTheSourcesDefaultWhateverItsCase() {
        assertThat(assess(capture("l1", 10_000, 29L, "ideal")).findings()).isEmpty();
        assertThat(assess(capture("l1", 10_000, 165L, "ideal")).findings())
                .extracting(Finding::type)
                .containsExactly(DiscrepancyType.FEE_MISMATCH);
        assertThat(assess(capture("l1", 10_000, 165L, null)).findings()).isEmpty(); // no method: default
    }

    @Test
    void aLineWithoutAFeeOrOfASourceWithoutAScheduleIsNotChecked() {
        assertThat(assess(capture("l1", 10_000, null, "visa")).findings()).isEmpty();
        assertThat(Reconciliation.assess(
                                payment("stripe"),
                                List.of(capture("l1", 10_000, 999L, "card")),
                                SETTLED,
                                Duration.ofDays(3),
                                FEES)
                        .findings())
                .isEmpty();
        assertThat(Reconciliation.assess(
                                payment("adyen"),
                                List.of(capture("l1", 10_000, 999L, "visa")),
                                SETTLED,
                                Duration.ofDays(3),
                                FeeSchedule.NONE)
                        .findings())
                .isEmpty();
    }

    @Test
    void aPayoutItsRowsAddUpToIsCleanAndOneTheyDoNotIsAPayoutMismatchPerCurrency() {
        TreeMap<String, SettlementBatch.Payout> payouts = new TreeMap<>();
        payouts.put("EUR", new SettlementBatch.Payout(98_800, 100_000, -1_200));
        payouts.put("USD", new SettlementBatch.Payout(50_000, 50_100, 0));
        SettlementBatch batch = new SettlementBatch("stl_1", "adyen", SETTLED, 3, null, null, payouts, SETTLED);

        assertThat(Reconciliation.payouts(batch)).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(DiscrepancyType.PAYOUT_MISMATCH);
            assertThat(f.key()).isEqualTo("stl_1:USD");
            assertThat(f.batchId()).isEqualTo("stl_1");
            assertThat(f.evidence()).isNull();
            assertThat(f.amount()).isEqualTo(100);
            assertThat(f.currency()).isEqualTo("USD");
            assertThat(f.expected())
                    .isEqualTo("a payout of 501.00 USD: payment lines net 501.00 USD, other batch rows 0.00 USD");
            assertThat(f.actual()).isEqualTo("the adyen report pays out 500.00 USD");
        });
        assertThat(Reconciliation.payouts(new SettlementBatch("stl_2", "adyen", SETTLED, 3, null, null, null, SETTLED)))
                .isEmpty();
    }

    private static Reconciliation.Assessment assess(SettlementLine line) {
        return Reconciliation.assess(payment("adyen"), List.of(line), SETTLED, Duration.ofDays(3), FEES);
    }

    private static PaymentEvidence payment(String source) {
        return new PaymentEvidence(
                "pay_1",
                source,
                null,
                PaymentStatus.CAPTURED,
                "EUR",
                true,
                10_000,
                CAPTURED,
                null,
                null,
                null,
                null,
                null,
                null,
                CAPTURED,
                false,
                2);
    }

    private static SettlementLine capture(String reference, long amount, Long fee, String method) {
        return new SettlementLine(
                "stl_1",
                "adyen",
                1,
                reference,
                "pay_1",
                SettlementKind.CAPTURE,
                amount,
                "EUR",
                fee,
                null,
                method,
                SETTLED,
                null);
    }
}
