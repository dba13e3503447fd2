package dev.payhook.reconciler.matching;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.Capture;
import dev.payhook.common.DiscrepancyType;
import dev.payhook.common.PaymentStatus;
import dev.payhook.common.SettlementKind;
import dev.payhook.common.SettlementLine;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Settlement lines match captures, not payments: one payment may be captured, and settled, in parts. */
class CaptureMatchingTest {

    private static final Instant CAPTURED = Instant.parse("2026-11-01T10:00:00Z");
    private static final Instant SETTLED = Instant.parse("2026-11-02T10:00:00Z");
    private static final Duration DELAY = Duration.ofDays(3);

    @Test
    void aTotalSettledInTwoLinesIsClean() {
        Reconciliation.Assessment assessment =
                assess(payment(10_000, Map.of()), line("l1", 3_000, null), line("l2", 7_000, null));

        assertThat(assessment.findings()).isEmpty();
        assertThat(assessment.matched()).extracting(SettlementLine::reference).containsExactly("l1", "l2");
    }

    @Test
    void theTotalSettledTwiceIsADuplicateSettlement() {
        Reconciliation.Assessment assessment =
                assess(payment(10_000, Map.of()), line("l1", 10_000, null), line("l2", 10_000, null));

        assertThat(assessment.findings()).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(DiscrepancyType.DUPLICATE_SETTLEMENT);
            assertThat(f.evidence().reference()).isEqualTo("l2");
            assertThat(f.amount()).isEqualTo(10_000);
        });
        assertThat(assessment.matched()).extracting(SettlementLine::reference).containsExactly("l1");
    }

    @Test
    void twoNamedCapturesWithALineEachAreCleanAndALineSettlingOneAgainIsADuplicate() {
        PaymentEvidence payment = payment(10_000, Map.of("cap1", 3_000L, "cap2", 7_000L));

        assertThat(assess(payment, line("l1", 3_000, "cap1"), line("l2", 7_000, "cap2"))
                        .findings())
                .isEmpty();
        Reconciliation.Assessment again =
                assess(payment, line("l1", 3_000, "cap1"), line("l2", 7_000, "cap2"), line("l3", 3_000, "cap1"));
        assertThat(again.findings()).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(DiscrepancyType.DUPLICATE_SETTLEMENT);
            assertThat(f.key()).isEqualTo("capture-settled-again:cap1");
            assertThat(f.evidence().reference()).isEqualTo("l3");
        });
    }

    @Test
    void linesThatNameNoCaptureClaimCapturesOfTheirAmount() {
        PaymentEvidence payment = payment(10_000, Map.of("cap1", 3_000L, "cap2", 7_000L));

        Reconciliation.Assessment assessment = assess(payment, line("l1", 7_000, null), line("l2", 3_000, null));

        assertThat(assessment.findings()).isEmpty();
        assertThat(assessment.matched()).hasSize(2);
    }

    @Test
    void aLineForNoCaptureOfAKnownPaymentIsAnAmountMismatch() {
        PaymentEvidence payment = payment(10_000, Map.of("cap1", 3_000L, "cap2", 7_000L));

        Reconciliation.Assessment assessment =
                assess(payment, line("l1", 3_000, "cap1"), line("l2", 7_000, "cap2"), line("l3", 500, "cap_other"));

        assertThat(assessment.findings()).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(DiscrepancyType.AMOUNT_MISMATCH);
            assertThat(f.key()).isEqualTo("l3");
            assertThat(f.expected()).contains("captures known: cap1 30.00 EUR, cap2 70.00 EUR");
            assertThat(f.amount()).isEqualTo(500);
        });
    }

    @Test
    void aLineAtAnotherAmountSettlesTheOnlyCaptureLeftAsAnAmountMismatchNotAlsoAMissingSettlement() {
        PaymentEvidence payment = payment(10_000, Map.of("cap1", 3_000L, "cap2", 7_000L));

        Reconciliation.Assessment assessment = Reconciliation.assess(
                payment,
                List.of(line("l1", 3_000, "cap1"), line("l2", 6_500, null)),
                CAPTURED.plus(Duration.ofDays(10)),
                DELAY,
                FeeSchedule.NONE);

        assertThat(assessment.findings()).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(DiscrepancyType.AMOUNT_MISMATCH);
            assertThat(f.key()).isEqualTo("l2");
            assertThat(f.expected()).isEqualTo("capture cap2 of 70.00 EUR");
            assertThat(f.amount()).isEqualTo(500);
        });
    }

    @Test
    void oneCaptureSettledInPartsIsClean() {
        // Stripe settles each partial capture of a charge in a balance transaction of its own.
        PaymentEvidence payment = payment(5_000, Map.of("ch_1", 5_000L));

        assertThat(assess(payment, line("l1", 3_000, "ch_1"), line("l2", 2_000, "ch_1"))
                        .findings())
                .isEmpty();
        assertThat(assess(payment, line("l1", 3_000, "ch_1"), line("l2", 3_000, "ch_1"))
                        .findings())
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.type()).isEqualTo(DiscrepancyType.AMOUNT_MISMATCH);
                    assertThat(f.amount()).isEqualTo(1_000);
                });
    }

    @Test
    void onlyTheCaptureWithoutALineIsMissingOnceDue() {
        PaymentEvidence payment = payment(10_000, Map.of("cap1", 3_000L, "cap2", 7_000L));

        Reconciliation.Assessment assessment = Reconciliation.assess(
                payment,
                List.of(line("l1", 3_000, "cap1")),
                CAPTURED.plus(Duration.ofDays(10)),
                DELAY,
                FeeSchedule.NONE);

        assertThat(assessment.findings()).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(DiscrepancyType.MISSING_SETTLEMENT);
            assertThat(f.key()).isEqualTo("capture:cap2");
            assertThat(f.amount()).isEqualTo(7_000);
        });
        Reconciliation.Assessment early =
                Reconciliation.assess(payment, List.of(line("l1", 3_000, "cap1")), SETTLED, DELAY, FeeSchedule.NONE);
        assertThat(early.findings()).isEmpty();
        assertThat(early.awaitingSettlement()).isTrue();
        assertThat(early.dueAt()).isEqualTo(CAPTURED.plus(DELAY));
    }

    private static Reconciliation.Assessment assess(PaymentEvidence payment, SettlementLine... lines) {
        return Reconciliation.assess(payment, List.of(lines), SETTLED, DELAY, FeeSchedule.NONE);
    }

    private static PaymentEvidence payment(long captured, Map<String, Long> captures) {
        SortedMap<String, Capture> named = new TreeMap<>();
        captures.forEach((id, amount) -> named.put(id, new Capture(amount, CAPTURED)));
        return new PaymentEvidence(
                "pay_1",
                "adyen",
                null,
                PaymentStatus.CAPTURED,
                "EUR",
                true,
                captured,
                CAPTURED,
                named,
                null,
                null,
                null,
                null,
                null,
                CAPTURED,
                false,
                2);
    }

    private static SettlementLine line(String reference, long amount, String captureId) {
        return new SettlementLine(
                "stl_1",
                "generic",
                1,
                reference,
                "pay_1",
                SettlementKind.CAPTURE,
                amount,
                "EUR",
                null,
                captureId,
                null,
                SETTLED, // the same time: lines are then taken in reference order
                null);
    }
}
