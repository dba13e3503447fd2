package dev.payhook.reconciler.matching;

import dev.payhook.common.DisputeStatus;
import dev.payhook.common.SettlementBatch;
import dev.payhook.common.SettlementKind;
import dev.payhook.common.SettlementLine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Reconciles one payment: a pure function of its state, all of its settlement lines and the
 * latest batch cut-off, with no memory of what was found before. Whatever order the evidence
 * arrived in, the same evidence gives the same findings; that is what makes the reconciler's
 * outcome independent of which stream it reads first, and replays harmless.
 */
public final class Reconciliation {

    /** Keys of the breaks that concern the payment as a whole rather than one settlement line. */
    static final String CAPTURE = "capture";

    static final String CAPTURE_SETTLED_AGAIN = "capture-settled-again";
    static final String LOST_DISPUTE_UNSETTLED = "lost-dispute-unsettled";
    static final String CAPTURE_FAILED = "capture-failed";

    private static final Comparator<SettlementLine> SETTLEMENT_ORDER =
            Comparator.comparing(SettlementLine::settledAt).thenComparing(SettlementLine::reference);

    /**
     * @param matched            lines that agree with the payment state
     * @param awaitingSettlement captured, not settled yet, and not due yet: pending, not a break
     * @param dueAt              from when a later batch cut-off would change this assessment (a
     *                           capture or a lost dispute falling due), null if no cut-off can
     */
    public record Assessment(
            List<Finding> findings, List<SettlementLine> matched, boolean awaitingSettlement, Instant dueAt) {}

    private Reconciliation() {}

    /**
     * @param payment the payment's state, null while no webhook has told us of it
     * @param cutoff  the latest cut-off of any settlement batch, null before the first
     * @param fees    the fees the capture lines may carry
     */
    public static Assessment assess(
            PaymentEvidence payment,
            Collection<SettlementLine> lines,
            Instant cutoff,
            Duration settlementDelay,
            FeeSchedule fees) {
        List<SettlementLine> ordered = lines.stream().sorted(SETTLEMENT_ORDER).toList();
        if (payment == null) {
            List<Finding> findings =
                    ordered.stream().map(Findings::unknownPayment).toList();
            return new Assessment(findings, List.of(), false, null);
        }
        Assessor assessor = new Assessor(payment, fees);
        ordered.forEach(assessor::line);
        assessor.matchCapturesAndRefunds();
        assessor.failedCaptures();
        assessor.unsettledCaptures(cutoff, settlementDelay);
        assessor.lostDisputesWithoutChargeback(cutoff, settlementDelay);
        return assessor.assessment();
    }

    /**
     * One payment's assessment in steps: each settlement line by its kind, then the captures and
     * refunds together, then what the payment says happened and no line shows yet. Each step adds
     * its findings and matched lines; none looks at another's text.
     */
    private static final class Assessor {

        private final PaymentEvidence payment;
        private final FeeSchedule fees;
        private final List<Finding> findings = new ArrayList<>();
        private final List<SettlementLine> matched = new ArrayList<>();
        private final List<SettlementLine> captures = new ArrayList<>();
        private final List<SettlementLine> otherCurrencyCaptures = new ArrayList<>();
        private final List<SettlementLine> refunds = new ArrayList<>();
        private final Set<String> settledCaptures = new java.util.TreeSet<>();
        private boolean anyCaptureLine;
        private boolean anyChargeback;
        private boolean awaiting;
        private Instant dueAt;

        Assessor(PaymentEvidence payment, FeeSchedule fees) {
            this.payment = payment;
            this.fees = fees;
        }

        Assessment assessment() {
            return new Assessment(findings, matched, awaiting, dueAt);
        }

        /** One line: in another currency it is that break alone; otherwise as its kind says. */
        void line(SettlementLine line) {
            anyCaptureLine |= line.kind() == SettlementKind.CAPTURE;
            anyChargeback |= line.kind() == SettlementKind.CHARGEBACK;
            if (payment.currency() != null && !payment.currency().equals(line.currency())) {
                findings.add(Findings.otherCurrency(line, payment.currency()));
                if (line.kind() == SettlementKind.CAPTURE) {
                    otherCurrencyCaptures.add(line);
                }
                return;
            }
            switch (line.kind()) {
                case CAPTURE -> {
                    feeOffSchedule(line).ifPresent(findings::add);
                    moneyMoved(line, captures);
                }
                case REFUND -> moneyMoved(line, refunds);
                case CHARGEBACK ->
                    matchedIf(!payment.disputes().isEmpty(), line, Findings.chargebackWithoutDispute(line));
                case REFUND_REVERSAL ->
                    matchedIf(
                            reversalExplained(payment, line),
                            line,
                            Findings.unexplainedRefundReversal(line, payment.reversedRefunds()));
                case CHARGEBACK_REVERSAL ->
                    matchedIf(payment.mayHaveReinstatedDisputedFunds(), line, Findings.reversalWithoutWin(line));
            }
        }

        /** A capture or refund line is matched later, with the others; for a payment never captured it is a break. */
        private void moneyMoved(SettlementLine line, List<SettlementLine> kind) {
            if (payment.captured()) {
                kind.add(line);
            } else {
                // Money moved for a payment we hold as failed, canceled or never captured.
                findings.add(Findings.notCaptured(line, payment.status()));
            }
        }

        private void matchedIf(boolean explained, SettlementLine line, Finding otherwise) {
            if (explained) {
                matched.add(line);
            } else {
                findings.add(otherwise);
            }
        }

        /** A capture line's fee that the payment's source and method do not allow. */
        private Optional<Finding> feeOffSchedule(SettlementLine line) {
            if (line.fee() == null) {
                return Optional.empty();
            }
            return fees.rule(payment.source(), line.paymentMethod())
                    .filter(rule -> !rule.allows(line.amount(), line.fee()))
                    .map(rule -> Findings.feeOffSchedule(line, rule, payment.source()));
        }

        void matchCapturesAndRefunds() {
            settledCaptures.addAll(matchCaptures(payment, captures, findings, matched));
            // One cause, one discrepancy: a capture settled in another currency is that CURRENCY_MISMATCH,
            // never also a MISSING_SETTLEMENT once the delay has passed.
            otherCurrencyCaptures.forEach(
                    line -> settledBy(payment, line, settledCaptures).ifPresent(settledCaptures::add));
            matchRefunds(payment, refunds, findings, matched);
        }

        /**
         * The state says captured, the provider says that capture did not go through: money the
         * merchant counts on did not move. An operator decides (retry the capture, or write off).
         */
        void failedCaptures() {
            if (!payment.failedCaptures().isEmpty()) {
                findings.add(Findings.capturesFailed(
                        payment.failedCaptures(), payment.capturedAmount(), payment.currency()));
            }
        }

        /** Captures without a line: missing once a batch's cut-off passes them plus the delay, else awaited. */
        void unsettledCaptures(Instant cutoff, Duration settlementDelay) {
            for (Unsettled capture : unsettled(payment, anyCaptureLine, settledCaptures)) {
                if (isDue(capture.since(), cutoff, settlementDelay)) {
                    findings.add(Findings.missingSettlement(
                            capture.key(),
                            capture.what(),
                            capture.amount(),
                            payment.currency(),
                            capture.since(),
                            settlementDelay));
                } else {
                    awaiting = true;
                    dueAt = earliest(dueAt, capture.since().plus(settlementDelay));
                }
            }
        }

        /** A lost dispute with no chargeback line: a break once due, like a capture. */
        void lostDisputesWithoutChargeback(Instant cutoff, Duration settlementDelay) {
            List<String> lost = payment.disputes().entrySet().stream()
                    .filter(d -> d.getValue() == DisputeStatus.LOST)
                    .map(Map.Entry::getKey)
                    .toList();
            if (lost.isEmpty() || anyChargeback || payment.updatedAt() == null) {
                return;
            }
            if (isDue(payment.updatedAt(), cutoff, settlementDelay)) {
                findings.add(Findings.lostDisputeUnsettled(lost, payment.currency()));
            } else {
                dueAt = earliest(dueAt, payment.updatedAt().plus(settlementDelay));
            }
        }
    }

    /**
     * A report's payouts that its own rows do not add up to: the report is incomplete (lines left out
     * or rejected) or inconsistent. One finding per currency, keyed by the batch and currency; a
     * report without a payout row has nothing to check.
     */
    public static List<Finding> payouts(SettlementBatch batch) {
        List<Finding> findings = new ArrayList<>();
        batch.payouts().forEach((key, payout) -> {
            if (payout.difference() != 0) {
                findings.add(Findings.payoutShort(batch, key, payout));
            }
        });
        return findings;
    }

    /**
     * Which capture each capture line settles: the capture the report names (Adyen's modification
     * reference, Stripe's charge), else an unsettled capture of the same amount, else the only
     * capture left unsettled (at another amount: an {@code AMOUNT_MISMATCH} of it). A payment whose
     * provider names no captures is one capture of its captured total. A line that settles no
     * capture of the payment is an {@code AMOUNT_MISMATCH}: the payment is known (so it is not an
     * {@code UNKNOWN_SETTLEMENT}), and the money settled differs from anything it captured.
     *
     * @return the ids of the named captures that have a line (empty for a payment without named captures)
     */
    private static Set<String> matchCaptures(
            PaymentEvidence payment, List<SettlementLine> lines, List<Finding> findings, List<SettlementLine> matched) {
        if (payment.captures().isEmpty()) {
            settleCapture(null, payment.capturedAmount(), lines, payment, findings, matched);
            return Set.of();
        }
        SortedMap<String, List<SettlementLine>> byCapture = new TreeMap<>();
        List<SettlementLine> unnamed = new ArrayList<>();
        for (SettlementLine line : lines) {
            if (line.modificationId() != null && payment.captures().containsKey(line.modificationId())) {
                byCapture
                        .computeIfAbsent(line.modificationId(), id -> new ArrayList<>())
                        .add(line);
            } else {
                unnamed.add(line);
            }
        }
        for (SettlementLine line : unnamed) {
            // An unsettled capture of this amount first; else a settled one, which this line settles
            // again; else the one capture still unsettled, which it settles at another amount.
            String capture = captureOfAmount(payment, line.amount(), id -> !byCapture.containsKey(id))
                    .or(() -> captureOfAmount(payment, line.amount(), byCapture::containsKey))
                    .or(() -> onlyUnsettled(payment, byCapture.keySet()))
                    .orElse(null);
            if (capture != null) {
                byCapture.computeIfAbsent(capture, id -> new ArrayList<>()).add(line);
            } else {
                findings.add(Findings.captureOfNoKnownAmount(line, captureAmounts(payment), payment.currency()));
            }
        }
        byCapture.forEach((id, settling) ->
                settleCapture(id, payment.captures().get(id).amount(), settling, payment, findings, matched));
        return byCapture.keySet();
    }

    /** A refund reversal line is explained by the reversed refund it names, else by one of its amount. */
    private static boolean reversalExplained(PaymentEvidence payment, SettlementLine line) {
        if (line.modificationId() != null && payment.reversedRefunds().contains(line.modificationId())) {
            return true;
        }
        return payment.reversedRefunds().stream()
                .anyMatch(id -> payment.refunds().getOrDefault(id, -1L) == line.amount());
    }

    /** The capture a line settles, if it names one of the payment's, else the first still unsettled. */
    private static Optional<String> settledBy(PaymentEvidence payment, SettlementLine line, Set<String> settled) {
        if (line.modificationId() != null && payment.captures().containsKey(line.modificationId())) {
            return Optional.of(line.modificationId());
        }
        return payment.captures().keySet().stream()
                .filter(id -> !settled.contains(id))
                .findFirst();
    }

    private static Optional<String> onlyUnsettled(PaymentEvidence payment, Set<String> settled) {
        List<String> unsettled = payment.captures().keySet().stream()
                .filter(id -> !settled.contains(id))
                .toList();
        return unsettled.size() == 1 ? Optional.of(unsettled.get(0)) : Optional.empty();
    }

    private static Optional<String> captureOfAmount(PaymentEvidence payment, long amount, Predicate<String> which) {
        return payment.captures().entrySet().stream()
                .filter(c -> c.getValue().amount() == amount && which.test(c.getKey()))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    /**
     * One capture's lines, in settlement order: settled in one line or in parts adding up to it
     * (Stripe settles each partial capture of a charge on its own); a line beyond that settled it
     * again. Lines that never add up to the capture are an amount mismatch.
     *
     * @param captureId null for a payment whose provider names no captures
     */
    private static void settleCapture(
            String captureId,
            long captured,
            List<SettlementLine> lines,
            PaymentEvidence payment,
            List<Finding> findings,
            List<SettlementLine> matched) {
        if (lines.isEmpty()) {
            return;
        }
        long running = 0;
        int settledBy = -1;
        for (int i = 0; i < lines.size() && settledBy < 0; i++) {
            running += lines.get(i).amount();
            settledBy = running == captured ? i : -1;
        }
        if (settledBy < 0) {
            findings.add(Findings.captureAmount(captureId, captured, payment.currency(), lines));
            return;
        }
        List<SettlementLine> settlement = lines.subList(0, settledBy + 1);
        matched.addAll(settlement);
        if (settledBy + 1 < lines.size()) {
            findings.add(Findings.settledAgain(captureId, settlement, lines));
        }
    }

    /**
     * A capture that has no settlement line yet.
     *
     * @param key what identifies its {@code MISSING_SETTLEMENT}: {@code capture}, or {@code capture:<id>}
     */
    private record Unsettled(String key, String what, long amount, Instant since) {}

    /**
     * The captures still waiting for a line. A failed capture is already a break of its own; its
     * settlement is not expected.
     */
    private static List<Unsettled> unsettled(PaymentEvidence payment, boolean anyCaptureLine, Set<String> settled) {
        if (!payment.captured() || payment.capturedAt() == null) {
            return List.of();
        }
        if (payment.captures().isEmpty()) {
            return anyCaptureLine || !payment.failedCaptures().isEmpty()
                    ? List.of()
                    : List.of(new Unsettled(CAPTURE, "capture", payment.capturedAmount(), payment.capturedAt()));
        }
        List<Unsettled> unsettled = new ArrayList<>();
        payment.captures().forEach((id, capture) -> {
            if (!settled.contains(id) && !payment.failedCaptures().contains(id)) {
                Instant since = capture.capturedAt() != null ? capture.capturedAt() : payment.capturedAt();
                unsettled.add(new Unsettled(CAPTURE + ":" + id, "capture " + id, capture.amount(), since));
            }
        });
        return unsettled;
    }

    /**
     * A refund line matches the payment's refund of the same id when the provider gives one, else
     * an unclaimed refund of the same amount (providers and webhooks do not always share refund ids).
     */
    private static void matchRefunds(
            PaymentEvidence payment,
            List<SettlementLine> refunds,
            List<Finding> findings,
            List<SettlementLine> matched) {
        TreeMap<String, Long> unclaimed = new TreeMap<>(payment.refunds());
        List<SettlementLine> withoutId = new ArrayList<>();
        for (SettlementLine line : refunds) {
            Long known = line.modificationId() == null ? null : unclaimed.remove(line.modificationId());
            if (known == null) {
                withoutId.add(line);
            } else if (known == line.amount()) {
                matched.add(line);
            } else {
                findings.add(Findings.refundAmount(line, known, payment.currency()));
            }
        }
        for (SettlementLine line : withoutId) {
            if (claimByAmount(unclaimed, line.amount())) {
                matched.add(line);
            } else {
                findings.add(Findings.unknownRefund(line, payment.refunds(), payment.currency()));
            }
        }
    }

    private static boolean claimByAmount(TreeMap<String, Long> unclaimed, long amount) {
        for (Iterator<Long> amounts = unclaimed.values().iterator(); amounts.hasNext(); ) {
            if (amounts.next() == amount) {
                amounts.remove();
                return true;
            }
        }
        return false;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    private static boolean isDue(Instant since, Instant cutoff, Duration settlementDelay) {
        return since != null && cutoff != null && cutoff.isAfter(since.plus(settlementDelay));
    }

    /** Each named capture's amount. */
    private static Map<String, Long> captureAmounts(PaymentEvidence payment) {
        Map<String, Long> amounts = new TreeMap<>();
        payment.captures().forEach((id, capture) -> amounts.put(id, capture.amount()));
        return amounts;
    }
}
