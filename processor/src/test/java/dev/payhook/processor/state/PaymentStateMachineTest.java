package dev.payhook.processor.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.Capture;
import dev.payhook.common.DisputeStage;
import dev.payhook.common.DisputeStatus;
import dev.payhook.common.PaymentEvent;
import dev.payhook.common.PaymentEventType;
import dev.payhook.common.PaymentState;
import dev.payhook.common.PaymentStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class PaymentStateMachineTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    static PaymentEvent event(String id, PaymentEventType type, Long amount, String currency, int secondsAfterT0) {
        return event(id, type, amount, currency, secondsAfterT0, null, null);
    }

    static PaymentEvent event(
            String id,
            PaymentEventType type,
            Long amount,
            String currency,
            int seconds,
            String refundId,
            String disputeId) {
        return PaymentEvent.of(id, type, "pay_1")
                .from("stripe", "stripe", type.wireName())
                .orderId("ord_1")
                .money(amount, currency)
                .refundId(refundId)
                .disputeId(disputeId)
                .times(T0.plusSeconds(seconds), T0.plusSeconds(seconds + 1))
                .build();
    }

    /** A capture that names itself, as Adyen's CAPTURE items and Stripe's charges do. */
    static PaymentEvent capture(String id, String captureId, long amount, int seconds) {
        return PaymentEvent.of(id, PaymentEventType.CAPTURED, "pay_1")
                .from("adyen", "adyen", "CAPTURE")
                .orderId("ord_1")
                .money(amount, "EUR")
                .captureId(captureId)
                .times(T0.plusSeconds(seconds), T0.plusSeconds(seconds + 1))
                .build();
    }

    /** A dispute event at a stage its provider named, as Adyen's event codes and Stripe's statuses do. */
    static PaymentEvent disputeAt(String id, DisputeStage stage, String disputeId, int seconds) {
        PaymentEventType type =
                switch (stage.outcome()) {
                    case OPEN -> PaymentEventType.DISPUTE_OPENED;
                    case WON -> PaymentEventType.DISPUTE_WON;
                    case LOST -> PaymentEventType.DISPUTE_LOST;
                };
        return event(id, type, 1000L, "EUR", seconds, null, disputeId).atDisputeStage(stage);
    }

    /** A refund undone: naming the refund (Stripe, Razorpay, Adyen REFUND_FAILED), or only its amount. */
    static PaymentEvent reversal(String id, String refundId, Long amount, int seconds) {
        return event(id, PaymentEventType.REFUND_REVERSED, amount, "EUR", seconds, refundId, null);
    }

    /** What a Stripe charge reports refunded so far (charge.refunded: amount_refunded, no refund list). */
    static PaymentEvent chargeRefunded(String id, String chargeId, long amountRefunded, int seconds) {
        return PaymentEvent.of(id, PaymentEventType.REFUNDED, "pay_1")
                .from("stripe", "stripe", "charge.refunded")
                .orderId("ord_1")
                .money(amountRefunded, "EUR")
                .captureId(chargeId)
                .times(T0.plusSeconds(seconds), T0.plusSeconds(seconds + 1))
                .build();
    }

    static PaymentFacts fold(List<PaymentEvent> events) {
        PaymentFacts facts = null;
        for (PaymentEvent event : events) {
            facts = PaymentStateMachine.apply(facts, event);
        }
        return facts;
    }

    /** The state published after these events. */
    static PaymentState applyAll(List<PaymentEvent> events) {
        return PaymentStateMachine.state(fold(events));
    }

    // --- properties over generated lifecycles ---

    /** A plausible lifecycle: creation, authorization, maybe a failure, capture, refunds, disputes. */
    @Provide
    Arbitrary<List<PaymentEvent>> lifecycles() {
        Arbitrary<Long> amount = Arbitraries.longs().between(1, 1_000_000);
        Arbitrary<String> currency = Arbitraries.of("EUR", "JPY", "KWD");
        return Combinators.combine(
                        amount,
                        currency,
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.of(true, false),
                        Arbitraries.of(true, false),
                        Arbitraries.of(
                                PaymentEventType.DISPUTE_WON,
                                PaymentEventType.DISPUTE_LOST,
                                PaymentEventType.DISPUTE_OPENED),
                        Arbitraries.integers().between(0, 3))
                .as((total, ccy, refundCount, disputeStages, failedFirst, canceled, disputeEnd, partialCaptures) -> {
                    List<PaymentEvent> events = new ArrayList<>();
                    int t = 0;
                    events.add(event("e_created", PaymentEventType.CREATED, total, ccy, t++));
                    events.add(event("e_auth", PaymentEventType.AUTHORIZED, total, ccy, t++));
                    if (failedFirst) {
                        events.add(event("e_failed", PaymentEventType.FAILED, total, ccy, t++));
                    }
                    if (canceled && refundCount == 0 && disputeStages == 0) {
                        events.add(event("e_cancel", PaymentEventType.CANCELED, total, ccy, t++));
                        return events;
                    }
                    if (partialCaptures == 0) {
                        events.add(event("e_capture", PaymentEventType.CAPTURED, total, ccy, t++));
                    }
                    // Partial captures, each naming itself, that add up to the total.
                    for (int c = 0; c < partialCaptures; c++) {
                        long part = c < partialCaptures - 1
                                ? total / partialCaptures
                                : total - c * (total / partialCaptures);
                        events.add(PaymentEvent.of("e_capture_" + c, PaymentEventType.CAPTURED, "pay_1")
                                .from("adyen", "adyen", "CAPTURE")
                                .orderId("ord_1")
                                .money(part, ccy)
                                .captureId("cap_" + c)
                                .times(T0.plusSeconds(t), T0.plusSeconds(t++))
                                .build());
                    }
                    for (int r = 0; r < refundCount; r++) {
                        // The third refund says no amount: a full refund, sized from the capture.
                        Long refunded = r == 2 ? null : total / 4;
                        events.add(
                                event("e_refund_" + r, PaymentEventType.REFUNDED, refunded, ccy, t++, "re_" + r, null));
                    }
                    if (disputeStages > 0) {
                        events.add(event(
                                "e_dispute_open", PaymentEventType.DISPUTE_OPENED, total, ccy, t++, null, "dp_1"));
                    }
                    if (disputeStages > 1) {
                        events.add(event("e_dispute_end", disputeEnd, total, ccy, t++, null, "dp_1"));
                    }
                    return events;
                });
    }

    /**
     * A lifecycle with the money that moves back: a second dispute through any set of the stages
     * the schemes run (so a loss, a reversal and a second chargeback can all be told, in any order),
     * a refund undone by name or only by its amount, a reversal of a refund never heard of, and a
     * Stripe charge's refunded total beside the named refunds.
     */
    @Provide
    Arbitrary<List<PaymentEvent>> lifecyclesWithReversals() {
        return lifecycles().flatMap(base -> Combinators.combine(
                        Arbitraries.subsetOf(DisputeStage.values()),
                        Arbitraries.of("none", "named", "by-amount", "unknown-refund"),
                        Arbitraries.of(true, false))
                .as((stages, reversal, chargeTotal) -> {
                    List<PaymentEvent> events = new ArrayList<>(base);
                    int t = 100;
                    for (DisputeStage stage : stages) {
                        events.add(disputeAt("e_stage_" + stage, stage, "dp_2", t++));
                    }
                    List<PaymentEvent> refunds = base.stream()
                            .filter(e -> e.type() == PaymentEventType.REFUNDED && e.amount() != null)
                            .toList();
                    if (!refunds.isEmpty()) {
                        PaymentEvent first = refunds.get(0);
                        switch (reversal) {
                            case "named" -> events.add(reversal("e_rev", first.refundId(), first.amount(), t++));
                            case "by-amount" -> events.add(reversal("e_rev", null, first.amount(), t++));
                            case "unknown-refund" -> events.add(reversal("e_rev", "re_never_seen", 1L, t++));
                            default -> {}
                        }
                        if (chargeTotal) {
                            long total = refunds.stream()
                                    .mapToLong(PaymentEvent::amount)
                                    .sum();
                            events.add(chargeRefunded("e_charge_refunded", "ch_1", total, t++));
                        }
                    }
                    return events;
                }));
    }

    @Property(tries = 500)
    void everyArrivalOrderWithDuplicatesEndsInTheSameState(
            @ForAll("lifecyclesWithReversals") List<PaymentEvent> lifecycle, @ForAll long seed) {
        Random random = new Random(seed);
        List<PaymentEvent> delivered = new ArrayList<>(lifecycle);
        for (PaymentEvent event : lifecycle) {
            for (int copies = random.nextInt(3); copies > 0; copies--) {
                delivered.add(event); // at-least-once delivery: the same event again
            }
        }
        Collections.shuffle(delivered, random);

        assertThat(fold(delivered)).isEqualTo(fold(lifecycle));
        assertThat(applyAll(delivered)).isEqualTo(applyAll(lifecycle));
    }

    @Property(tries = 300)
    void applyingTheWholeStreamTwiceEqualsApplyingItOnce(
            @ForAll("lifecyclesWithReversals") List<PaymentEvent> lifecycle) {
        List<PaymentEvent> twice = new ArrayList<>(lifecycle);
        twice.addAll(lifecycle);

        PaymentState once = applyAll(lifecycle);
        assertThat(fold(twice)).isEqualTo(fold(lifecycle));
        assertThat(applyAll(twice)).isEqualTo(once);
        assertThat(once.eventCount()).isEqualTo(lifecycle.size());
    }

    @Property(tries = 300)
    void partialCapturesAddUpWhateverTheirOrderAndRedeliveries(
            @ForAll("lifecycles") List<PaymentEvent> lifecycle, @ForAll long seed) {
        Random random = new Random(seed);
        List<PaymentEvent> delivered = new ArrayList<>(lifecycle);
        lifecycle.stream().filter(e -> e.type() == PaymentEventType.CAPTURED).forEach(delivered::add);
        Collections.shuffle(delivered, random);
        boolean captured = lifecycle.stream().anyMatch(e -> e.type() == PaymentEventType.CAPTURED);
        long created = lifecycle.get(0).amount();

        PaymentState state = applyAll(delivered);

        assertThat(state.capturedAmount()).isEqualTo(captured ? created : 0);
        assertThat(state.uncapturedAmount()).isZero();
    }

    @Property(tries = 300)
    void aDisputeIsWhereItsFurthestStageLeftItWhateverTheArrivalOrder(
            @ForAll("lifecyclesWithReversals") List<PaymentEvent> lifecycle, @ForAll long seed) {
        List<PaymentEvent> shuffled = new ArrayList<>(lifecycle);
        Collections.shuffle(shuffled, new Random(seed));
        DisputeStage furthest = lifecycle.stream()
                .filter(e -> "dp_2".equals(e.disputeId()))
                .map(PaymentEvent::stageOfDispute)
                .max(Enum::compareTo)
                .orElse(null);

        PaymentState state = applyAll(shuffled);

        assertThat(state.disputeStages().get("dp_2")).isEqualTo(furthest);
        assertThat(state.disputes().get("dp_2")).isEqualTo(furthest == null ? null : furthest.outcome());
        assertThat(state.status() == PaymentStatus.CHARGED_BACK)
                .as("charged back exactly while a lost dispute stands")
                .isEqualTo(state.disputes().containsValue(DisputeStatus.LOST));
    }

    @Property(tries = 300)
    void aReversedRefundStaysListedAndLeavesTheRefundedAmount(
            @ForAll("lifecyclesWithReversals") List<PaymentEvent> lifecycle) {
        PaymentState state = applyAll(lifecycle);

        long notReversed = state.refunds().entrySet().stream()
                .filter(r -> !state.reversedRefunds().contains(r.getKey()))
                .mapToLong(Map.Entry::getValue)
                .sum();
        assertThat(state.refundedAmount()).isEqualTo(notReversed);
        assertThat(state.refunds().keySet()).containsAll(state.reversedRefunds());
        boolean reversedOne = lifecycle.stream()
                .anyMatch(e -> e.type() == PaymentEventType.REFUND_REVERSED && !"re_never_seen".equals(e.refundId()));
        assertThat(state.reversedRefunds()).hasSize(reversedOne ? 1 : 0);
    }

    // --- the rules, by example ---

    @Test
    void twoPartialCapturesAreTheirSumAndTwoLinesOfOneCaptureCountOnce() {
        PaymentState state = applyAll(List.of(
                event("auth", PaymentEventType.AUTHORIZED, 10_000L, "EUR", 0),
                capture("c1", "psp_cap_1", 3_000, 1),
                capture("c2", "psp_cap_2", 7_000, 2),
                capture("c1-redelivered-under-another-id", "psp_cap_1", 3_000, 3)));

        assertThat(state.status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(state.capturedAmount()).isEqualTo(10_000);
        assertThat(state.captures())
                .containsExactly(
                        Map.entry("psp_cap_1", new Capture(3_000, T0.plusSeconds(1))),
                        Map.entry("psp_cap_2", new Capture(7_000, T0.plusSeconds(2))));
        assertThat(state.authorizedAmount()).isEqualTo(10_000);
        assertThat(state.anomalies()).isEmpty();
    }

    @Test
    void aCaptureOfLessThanTheAuthorizationIsCapturedWithTheRemainderVisible() {
        PaymentState state = applyAll(List.of(
                event("auth", PaymentEventType.AUTHORIZED, 10_000L, "EUR", 0), capture("c1", "psp_cap_1", 3_000, 1)));

        assertThat(state.status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(state.capturedAmount()).isEqualTo(3_000);
        assertThat(state.uncapturedAmount()).isEqualTo(7_000);
        assertThat(state.amount()).isEqualTo(10_000);
        assertThat(state.anomalies()).isEmpty();

        PaymentState released = applyAll(List.of(
                event("auth", PaymentEventType.AUTHORIZED, 10_000L, "EUR", 0),
                capture("c1", "psp_cap_1", 3_000, 1),
                event("cancel", PaymentEventType.CANCELED, null, "EUR", 2)));
        assertThat(released.status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(released.uncapturedAmount()).isZero();
    }

    @Test
    void capturesBeyondTheAuthorizationAreAnAnomaly() {
        PaymentState state = applyAll(List.of(
                capture("c1", "psp_cap_1", 6_000, 1),
                capture("c2", "psp_cap_2", 6_000, 2),
                event("auth", PaymentEventType.AUTHORIZED, 10_000L, "EUR", 0)));

        assertThat(state.capturedAmount()).isEqualTo(12_000);
        assertThat(state.uncapturedAmount()).isZero();
        assertThat(state.anomalies())
                .singleElement()
                .asString()
                .isEqualTo("CAPTURE_EXCEEDS_AUTHORIZATION: captured 12000 > authorized 10000");
    }

    @Test
    void aChargesCapturesAndThePaymentsTotalAreNotCountedTwice() {
        // Stripe: charge.captured names the charge and says what it captured so far; the
        // PaymentIntent's payment_intent.succeeded says the payment's total, naming no capture.
        PaymentState state = applyAll(List.of(
                capture("evt_charge_captured_1", "ch_1", 3_000, 1),
                capture("evt_charge_captured_2", "ch_1", 5_000, 2),
                event("evt_pi_succeeded", PaymentEventType.CAPTURED, 5_000L, "EUR", 3)));

        assertThat(state.capturedAmount()).isEqualTo(5_000);
    }

    @Test
    void lateAuthorizationDoesNotRegressACapturedPayment() {
        PaymentState state = applyAll(List.of(
                event("cap", PaymentEventType.CAPTURED, 1000L, "EUR", 10),
                event("auth", PaymentEventType.AUTHORIZED, 1000L, "EUR", 5)));
        assertThat(state.status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(state.capturedAmount()).isEqualTo(1000);
        assertThat(state.capturedAt()).isEqualTo(T0.plusSeconds(10));
    }

    @Test
    void failedFollowedByCapturedEndsCaptured() {
        PaymentState state = applyAll(List.of(
                event("fail", PaymentEventType.FAILED, 1000L, "INR", 1),
                event("cap", PaymentEventType.CAPTURED, 1000L, "INR", 2)));
        assertThat(state.status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(state.anomalies()).isEmpty();
    }

    @Test
    void refundsAccumulateByRefundIdFromPartialToFull() {
        List<PaymentEvent> events = new ArrayList<>(List.of(
                event("cap", PaymentEventType.CAPTURED, 1000L, "EUR", 1),
                event("r1", PaymentEventType.REFUNDED, 300L, "EUR", 2, "re_1", null),
                event("r1-again-other-event", PaymentEventType.REFUNDED, 300L, "EUR", 3, "re_1", null)));
        PaymentState partial = applyAll(events);
        assertThat(partial.status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
        assertThat(partial.refundedAmount()).isEqualTo(300);

        events.add(event("r2", PaymentEventType.REFUNDED, 700L, "EUR", 4, "re_2", null));
        PaymentState full = applyAll(events);
        assertThat(full.status()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(full.refundedAmount()).isEqualTo(1000);
    }

    @Test
    void aRefundWithoutAmountIsAFullRefundWhicheverArrivesFirst() {
        var capture = event("cap", PaymentEventType.CAPTURED, 1999L, "USD", 1);
        var refund = event("ref", PaymentEventType.REFUNDED, null, "USD", 2, "full", null);
        assertThat(applyAll(List.of(refund, capture))).isEqualTo(applyAll(List.of(capture, refund)));
        assertThat(applyAll(List.of(refund, capture)).refundedAmount()).isEqualTo(1999);
    }

    @Test
    void aFullRefundIsPublishedWithItsAmountNeverAsAnInternalMarker() {
        PaymentState state = applyAll(List.of(
                event("ref", PaymentEventType.REFUNDED, null, "USD", 2, "full", null),
                event("cap", PaymentEventType.CAPTURED, 1999L, "USD", 1)));

        assertThat(state.refunds()).containsExactly(Map.entry("full", 1999L));
        assertThat(state.refundedAmount()).isEqualTo(1999);
        String json =
                new String(dev.payhook.common.JsonSerde.of(PaymentState.class).toBytes(state));
        assertThat(json).doesNotContain(":-1").doesNotContain("fullRefunds");
    }

    @Test
    void aCaptureTheProviderLaterReportsFailedIsAnAnomalyWhicheverArrivesFirst() {
        var capture = event("cap", PaymentEventType.CAPTURED, 1000L, "EUR", 1);
        var failure = PaymentEvent.of("capfail", PaymentEventType.FAILED, "pay_1")
                .from("adyen", "adyen", "CAPTURE_FAILED")
                .orderId("ord_1")
                .money(1000L, "EUR")
                .captureId("cap_psp_1")
                .times(T0.plusSeconds(5), T0.plusSeconds(6))
                .build();

        PaymentState state = applyAll(List.of(capture, failure));

        assertThat(state).isEqualTo(applyAll(List.of(failure, capture)));
        assertThat(state.status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(state.failedCaptures()).containsExactly("cap_psp_1");
        assertThat(state.anomalies())
                .singleElement()
                .asString()
                .startsWith("CAPTURE_FAILED: the provider reported capture cap_psp_1");
    }

    @Test
    void disputesOpenAndCloseAndALossIsAChargeback() {
        var capture = event("cap", PaymentEventType.CAPTURED, 1000L, "EUR", 1);
        var opened = event("d1", PaymentEventType.DISPUTE_OPENED, 1000L, "EUR", 2, null, "dp_1");
        assertThat(applyAll(List.of(capture, opened)).status()).isEqualTo(PaymentStatus.DISPUTED);
        assertThat(applyAll(List.of(
                                capture,
                                opened,
                                event("d2", PaymentEventType.DISPUTE_WON, 1000L, "EUR", 3, null, "dp_1")))
                        .status())
                .isEqualTo(PaymentStatus.CAPTURED);
        assertThat(applyAll(List.of(
                                capture,
                                event("d3", PaymentEventType.DISPUTE_LOST, 1000L, "EUR", 3, null, "dp_1"),
                                opened))
                        .status())
                .isEqualTo(PaymentStatus.CHARGED_BACK);
    }

    @Test
    void aChargebackTheMerchantWinsIsNoLongerChargedBackAndASecondChargebackRestoresItInEitherOrder() {
        var capture = event("cap", PaymentEventType.CAPTURED, 1000L, "EUR", 1);
        var chargeback = disputeAt("cb", DisputeStage.CHARGEBACK, "pay_1", 2);
        var reversed = disputeAt("cbr", DisputeStage.CHARGEBACK_REVERSED, "pay_1", 3);
        var second = disputeAt("scb", DisputeStage.SECOND_CHARGEBACK, "pay_1", 4);

        assertThat(applyAll(List.of(capture, chargeback)).status()).isEqualTo(PaymentStatus.CHARGED_BACK);
        assertThat(applyAll(List.of(capture, chargeback, reversed)).status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(applyAll(List.of(reversed, capture, chargeback)).status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(applyAll(List.of(capture, chargeback, reversed, second)).status())
                .isEqualTo(PaymentStatus.CHARGED_BACK);
        assertThat(applyAll(List.of(second, capture, reversed, chargeback)).status())
                .isEqualTo(PaymentStatus.CHARGED_BACK);
        assertThat(applyAll(List.of(capture, chargeback, disputeAt("pw", DisputeStage.DECIDED_WON, "pay_1", 5)))
                        .status())
                .isEqualTo(PaymentStatus.CAPTURED);
        assertThat(applyAll(List.of(capture, chargeback, reversed, second)).disputeStages())
                .containsExactly(Map.entry("pay_1", DisputeStage.SECOND_CHARGEBACK));
    }

    @Test
    void aNotificationArrivingAfterTheDecisionDoesNotReopenTheDispute() {
        var capture = event("cap", PaymentEventType.CAPTURED, 1000L, "EUR", 1);
        PaymentState state = applyAll(List.of(
                capture,
                disputeAt("won", DisputeStage.DECIDED_WON, "dp_1", 5),
                disputeAt("noc", DisputeStage.OPENED, "dp_1", 2)));

        assertThat(state.status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(state.disputes()).containsExactly(Map.entry("dp_1", DisputeStatus.WON));
    }

    @Test
    void aRefundTheBankReturnedLeavesTheRefundedAmountAndStaysListed() {
        var capture = event("cap", PaymentEventType.CAPTURED, 1000L, "EUR", 1);
        var refund = event("ref", PaymentEventType.REFUNDED, 400L, "EUR", 2, "psp_ref_1", null);
        // Adyen REFUNDED_REVERSED has a pspReference of its own: it undoes a refund of its amount.
        var returned = reversal("rr", null, 400L, 3);

        for (List<PaymentEvent> order :
                List.of(List.of(capture, refund, returned), List.of(returned, refund, capture))) {
            PaymentState state = applyAll(order);
            assertThat(state.status()).isEqualTo(PaymentStatus.CAPTURED);
            assertThat(state.refundedAmount()).isZero();
            assertThat(state.refunds()).containsExactly(Map.entry("psp_ref_1", 400L));
            assertThat(state.reversedRefunds()).containsExactly("psp_ref_1");
            assertThat(state.anomalies()).isEmpty();
        }
    }

    @Test
    void aRefundThatFailsAfterSucceedingIsUndoneByNameAndOnlyThatOne() {
        PaymentState state = applyAll(List.of(
                event("cap", PaymentEventType.CAPTURED, 1000L, "EUR", 1),
                event("r1", PaymentEventType.REFUNDED, 300L, "EUR", 2, "re_1", null),
                event("r2", PaymentEventType.REFUNDED, 300L, "EUR", 3, "re_2", null),
                reversal("f2", "re_2", 300L, 4)));

        assertThat(state.status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
        assertThat(state.refundedAmount()).isEqualTo(300);
        assertThat(state.reversedRefunds()).containsExactly("re_2");
    }

    @Test
    void aReversalOfARefundThatNeverSucceededChangesNothing() {
        PaymentState state = applyAll(List.of(
                event("cap", PaymentEventType.CAPTURED, 1000L, "EUR", 1),
                event("r1", PaymentEventType.REFUNDED, 300L, "EUR", 2, "re_1", null),
                reversal("pending-then-failed", "re_2", 300L, 3)));

        assertThat(state.refundedAmount()).isEqualTo(300);
        assertThat(state.reversedRefunds()).isEmpty();
        assertThat(state.anomalies()).isEmpty();
    }

    @Test
    void areturnedRefundPayhookNeverHeardOfIsAnAnomaly() {
        PaymentState state = applyAll(
                List.of(event("cap", PaymentEventType.CAPTURED, 1000L, "EUR", 1), reversal("rr", null, 250L, 2)));

        assertThat(state.refundedAmount()).isZero();
        assertThat(state.anomalies()).singleElement().asString().startsWith("REFUND_REVERSAL_UNMATCHED");
    }

    @Test
    void aStripeChargesRefundedTotalCountsOnceBesideItsNamedRefundsInAnyOrder() {
        var capture = capture("cap", "ch_1", 1000, 1);
        var total = chargeRefunded("evt_charge_refunded", "ch_1", 1000, 3);
        var named = event("evt_refund_created", PaymentEventType.REFUNDED, 1000L, "EUR", 2, "re_1", null);

        PaymentState alone = applyAll(List.of(capture, total));
        assertThat(alone.status()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(alone.refundedAmount()).isEqualTo(1000);
        assertThat(alone.refunds()).containsExactly(Map.entry("ch_1", 1000L));

        PaymentState both = applyAll(List.of(named, total, capture));
        assertThat(both).isEqualTo(applyAll(List.of(capture, total, named)));
        assertThat(both.refundedAmount()).isEqualTo(1000);
        assertThat(both.refunds()).containsExactly(Map.entry("re_1", 1000L));

        // The refund then fails: whichever of its events told of it, the money came back.
        PaymentState failed = applyAll(List.of(capture, total, reversal("evt_refund_failed", "re_1", 1000L, 4)));
        assertThat(failed.status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(failed.refundedAmount()).isZero();
        assertThat(failed.reversedRefunds()).containsExactly("re_1");
    }

    @Test
    void factsStoredBeforeDisputeStagesReadAsTheStagesTheyMeant() {
        var serde = dev.payhook.common.JsonSerde.of(PaymentFacts.class);
        PaymentFacts now = fold(List.of(
                event("cap", PaymentEventType.CAPTURED, 1000L, "EUR", 1),
                disputeAt("cb", DisputeStage.CHARGEBACK, "pay_1", 2)));
        // The store as an earlier build wrote it: a dispute's outcome, not its stage.
        String before = new String(serde.toBytes(now), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"pay_1\":\"CHARGEBACK\"", "\"pay_1\":\"LOST\"");
        assertThat(before).contains("\"disputes\":{\"pay_1\":\"LOST\"}");
        PaymentFacts stored = serde.deserialize("t", before.getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(stored.disputes()).containsExactly(Map.entry("pay_1", DisputeStage.CHARGEBACK));
        PaymentState afterReversal = PaymentStateMachine.state(
                PaymentStateMachine.apply(stored, disputeAt("cbr", DisputeStage.CHARGEBACK_REVERSED, "pay_1", 5)));
        assertThat(afterReversal.status()).isEqualTo(PaymentStatus.CAPTURED);
    }

    @Test
    void contradictionsAreRecordedAsAnomaliesNotSilentlyApplied() {
        PaymentState otherCurrency = applyAll(List.of(
                event("cap", PaymentEventType.CAPTURED, 1000L, "EUR", 1),
                event("ref", PaymentEventType.REFUNDED, 100L, "USD", 2, "re_1", null)));
        PaymentState overRefund = applyAll(List.of(
                event("cap", PaymentEventType.CAPTURED, 1000L, "EUR", 1),
                event("ref", PaymentEventType.REFUNDED, 1500L, "EUR", 2, "re_1", null)));

        assertThat(otherCurrency.anomalies()).singleElement().asString().startsWith("CURRENCY_CONFLICT");
        assertThat(overRefund.anomalies()).singleElement().asString().startsWith("REFUND_EXCEEDS_CAPTURE");
    }

    /**
     * A payment belongs to the account its events name, in whatever order they arrive; events naming
     * two accounts keep the first in order and say so as an anomaly, never switching silently.
     */
    @Test
    void aPaymentsAccountIsTheOneItsEventsNameAndAConflictIsAnAnomaly() {
        PaymentEvent created = event("cr", PaymentEventType.CREATED, 1000L, "EUR", 1).toBuilder()
                .account("merchant-de")
                .build();
        PaymentEvent captured = event("cap", PaymentEventType.CAPTURED, 1000L, "EUR", 2).toBuilder()
                .account("merchant-de")
                .build();
        PaymentEvent elsewhere = event("ref", PaymentEventType.REFUNDED, 100L, "EUR", 3, "re_1", null).toBuilder()
                .account("merchant-at")
                .build();

        PaymentState agreed = applyAll(List.of(created, captured));
        PaymentState unnamedFirst = applyAll(List.of(event("x", PaymentEventType.CREATED, 1000L, "EUR", 0), captured));
        PaymentState conflict = applyAll(List.of(created, captured, elsewhere));
        PaymentState conflictReversed = applyAll(List.of(elsewhere, captured, created));

        assertThat(agreed.account()).isEqualTo("merchant-de");
        assertThat(agreed.anomalies()).isEmpty();
        assertThat(unnamedFirst.account()).isEqualTo("merchant-de");
        assertThat(conflict.account()).isEqualTo("merchant-at");
        assertThat(conflict.anomalies())
                .singleElement()
                .asString()
                .isEqualTo("ACCOUNT_CONFLICT: events named the merchant accounts merchant-at, merchant-de");
        assertThat(conflictReversed).isEqualTo(conflict);
    }

    @Test
    void aLateCaptureClearsTheRefundWithoutCaptureAnomaly() {
        var refund = event("ref", PaymentEventType.REFUNDED, 100L, "EUR", 2, "re_1", null);
        PaymentState early = applyAll(List.of(refund));
        assertThat(early.anomalies()).singleElement().asString().startsWith("REFUND_WITHOUT_CAPTURE");
        assertThat(applyAll(List.of(refund, event("cap", PaymentEventType.CAPTURED, 1000L, "EUR", 1)))
                        .anomalies())
                .isEmpty();
    }
}
