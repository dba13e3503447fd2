package dev.payhook.processor.state;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.payhook.common.Capture;
import dev.payhook.common.DisputeStage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the processor knows of one payment, in its state store (key = paymentId): facts that only
 * grow and merge commutatively. Nothing here is derived; {@link PaymentStateMachine#state} derives
 * the published {@link dev.payhook.common.PaymentState} (status, currency, totals, anomalies) from
 * all of them at once, which is what makes the state the same whatever order its events arrived in.
 *
 * <p>Every collection is bounded by the per-payment limits ({@link PaymentLimits}).
 *
 * <p>Composed of small records by what they are about, each unwrapped into the one flat JSON object
 * the store has always held ({@code StoredFactsShapeTest} checks that an existing store still reads);
 * each fact also reads by its stored name.
 *
 * @param amounts      the payment's amount as created or authorized (the largest seen on an event that
 *                     is not a capture, refund or dispute), the largest an authorization reported, and
 *                     every currency an event of this payment carried
 * @param lifecycle    whether an authorization, a capture, a failure, a cancellation was reported
 * @param captureFacts the largest captured amount reported by a capture event that names no capture
 *                     (such providers report what was captured so far: Stripe's {@code amount_received});
 *                     capture id → its amount and time, for capture events that name their capture (an
 *                     Adyen {@code CAPTURE}'s pspReference, a Stripe charge), each counted once; the
 *                     captures reported failed after they were reported; the earliest capture event's time
 * @param refundFacts  refund id → refunded amount, for refunds that said their amount; ids of refunds
 *                     reported without an amount (each refunds what was refundable, sized when the state
 *                     is derived, since the capture may arrive later); charge id → the largest refunded
 *                     total a charge reported (Stripe's {@code charge.refunded} carries {@code amount_refunded}
 *                     and, since API version 2022-11-15, no refund list; it counts only where named refunds
 *                     do not explain it); refunds whose money came back, keyed by the refund they name
 *                     (else by the event)
 * @param disputes     dispute id → its furthest known stage
 * @param audit        order id and source; every merchant account an event of it named (one, unless the
 *                     provider and a source disagree); {@code source:eventId} of every event applied, exactly once
 *                     each; how they reached payhook ({@code push}, {@code poll}, {@code requeue}) → how
 *                     many, each counted once the way it first arrived; the per-payment limits reached;
 *                     the first and the latest event time seen
 */
public record PaymentFacts(
        String paymentId,
        @JsonUnwrapped Amounts amounts,
        @JsonUnwrapped Lifecycle lifecycle,
        @JsonUnwrapped CaptureFacts captureFacts,
        @JsonUnwrapped RefundFacts refundFacts,
        SortedMap<String, DisputeStage> disputes,
        @JsonUnwrapped Audit audit) {

    public record Amounts(Long amount, Long authorizedAmount, SortedSet<String> currencies) {

        public Amounts {
            currencies = currencies == null ? new TreeSet<>() : new TreeSet<>(currencies);
        }
    }

    public record Lifecycle(boolean authorized, boolean captured, boolean failed, boolean canceled) {}

    public record CaptureFacts(
            long capturedAmount,
            SortedMap<String, Capture> captures,
            SortedSet<String> failedCaptures,
            Instant capturedAt) {

        public CaptureFacts {
            captures = captures == null ? new TreeMap<>() : new TreeMap<>(captures);
            failedCaptures = failedCaptures == null ? new TreeSet<>() : new TreeSet<>(failedCaptures);
        }
    }

    public record RefundFacts(
            SortedMap<String, Long> refunds,
            SortedSet<String> fullRefunds,
            SortedMap<String, Long> chargeRefunds,
            SortedMap<String, RefundReversal> refundReversals) {

        public RefundFacts {
            refunds = refunds == null ? new TreeMap<>() : new TreeMap<>(refunds);
            fullRefunds = fullRefunds == null ? new TreeSet<>() : new TreeSet<>(fullRefunds);
            chargeRefunds = chargeRefunds == null ? new TreeMap<>() : new TreeMap<>(chargeRefunds);
            refundReversals = refundReversals == null ? new TreeMap<>() : new TreeMap<>(refundReversals);
        }
    }

    public record Audit(
            String orderId,
            String source,
            SortedSet<String> accounts,
            SortedSet<String> appliedEventIds,
            SortedMap<String, Long> deliveries,
            SortedSet<String> limitsReached,
            Instant createdAt,
            Instant updatedAt) {

        public Audit {
            accounts = accounts == null ? new TreeSet<>() : new TreeSet<>(accounts);
            appliedEventIds = appliedEventIds == null ? new TreeSet<>() : new TreeSet<>(appliedEventIds);
            deliveries = deliveries == null ? new TreeMap<>() : new TreeMap<>(deliveries);
            limitsReached = limitsReached == null ? new TreeSet<>() : new TreeSet<>(limitsReached);
        }
    }

    public PaymentFacts {
        amounts = amounts == null ? new Amounts(null, null, null) : amounts;
        lifecycle = lifecycle == null ? new Lifecycle(false, false, false, false) : lifecycle;
        captureFacts = captureFacts == null ? new CaptureFacts(0, null, null, null) : captureFacts;
        refundFacts = refundFacts == null ? new RefundFacts(null, null, null, null) : refundFacts;
        disputes = disputes == null ? new TreeMap<>() : new TreeMap<>(disputes);
        audit = audit == null ? new Audit(null, null, null, null, null, null, null, null) : audit;
    }

    /**
     * The flat object as the store holds it, read field by field by name. Jackson reads it into this and
     * then the facts, rather than into the unwrapped records directly: that path buffers every field and
     * reads each record again from the buffer, five times the cost of writing them (10.7 against 2.0 µs
     * for the shape test's facts; BENCHMARKS.md, "Issue 34, session 17"), and the processor reads a
     * payment's facts for every event after its first. {@code PaymentFactsWireTest} keeps it in step
     * with the records: a fact added to them and not here would be lost on every read. Its last property is
     * not a fact: the head of the payment's timeline, which the store keeps in the same record
     * ({@link StoredPayment}).
     */
    record Wire(
            String paymentId,
            Long amount,
            Long authorizedAmount,
            SortedSet<String> currencies,
            boolean authorized,
            boolean captured,
            boolean failed,
            boolean canceled,
            long capturedAmount,
            SortedMap<String, Capture> captures,
            SortedSet<String> failedCaptures,
            Instant capturedAt,
            SortedMap<String, Long> refunds,
            SortedSet<String> fullRefunds,
            SortedMap<String, Long> chargeRefunds,
            SortedMap<String, RefundReversal> refundReversals,
            SortedMap<String, DisputeStage> disputes,
            String orderId,
            String source,
            SortedSet<String> accounts,
            SortedSet<String> appliedEventIds,
            SortedMap<String, Long> deliveries,
            SortedSet<String> limitsReached,
            Instant createdAt,
            Instant updatedAt,
            String timelineHead) {}

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static PaymentFacts read(Wire wire) {
        return new PaymentFacts(
                wire.paymentId(),
                new Amounts(wire.amount(), wire.authorizedAmount(), wire.currencies()),
                new Lifecycle(wire.authorized(), wire.captured(), wire.failed(), wire.canceled()),
                new CaptureFacts(wire.capturedAmount(), wire.captures(), wire.failedCaptures(), wire.capturedAt()),
                new RefundFacts(wire.refunds(), wire.fullRefunds(), wire.chargeRefunds(), wire.refundReversals()),
                wire.disputes(),
                new Audit(
                        wire.orderId(),
                        wire.source(),
                        wire.accounts(),
                        wire.appliedEventIds(),
                        wire.deliveries(),
                        wire.limitsReached(),
                        wire.createdAt(),
                        wire.updatedAt()));
    }

    static PaymentFacts none(String paymentId) {
        return new PaymentFacts(paymentId, null, null, null, null, null, null);
    }

    // Each fact by its stored name.

    public Long amount() {
        return amounts.amount();
    }

    public Long authorizedAmount() {
        return amounts.authorizedAmount();
    }

    public SortedSet<String> currencies() {
        return amounts.currencies();
    }

    public boolean authorized() {
        return lifecycle.authorized();
    }

    public boolean captured() {
        return lifecycle.captured();
    }

    public boolean failed() {
        return lifecycle.failed();
    }

    public boolean canceled() {
        return lifecycle.canceled();
    }

    public long capturedAmount() {
        return captureFacts.capturedAmount();
    }

    public SortedMap<String, Capture> captures() {
        return captureFacts.captures();
    }

    public SortedSet<String> failedCaptures() {
        return captureFacts.failedCaptures();
    }

    public Instant capturedAt() {
        return captureFacts.capturedAt();
    }

    public SortedMap<String, Long> refunds() {
        return refundFacts.refunds();
    }

    public SortedSet<String> fullRefunds() {
        return refundFacts.fullRefunds();
    }

    public SortedMap<String, Long> chargeRefunds() {
        return refundFacts.chargeRefunds();
    }

    public SortedMap<String, RefundReversal> refundReversals() {
        return refundFacts.refundReversals();
    }

    public String orderId() {
        return audit.orderId();
    }

    public String source() {
        return audit.source();
    }

    public SortedSet<String> accounts() {
        return audit.accounts();
    }

    public SortedSet<String> appliedEventIds() {
        return audit.appliedEventIds();
    }

    public SortedMap<String, Long> deliveries() {
        return audit.deliveries();
    }

    public SortedSet<String> limitsReached() {
        return audit.limitsReached();
    }

    public Instant createdAt() {
        return audit.createdAt();
    }

    public Instant updatedAt() {
        return audit.updatedAt();
    }

    /**
     * What was captured: every named capture once, or what the provider said was captured so far if
     * that is more (Stripe reports both a charge's captures and the payment's total).
     */
    long capturedTotal() {
        return Math.max(
                capturedAmount(),
                captures().values().stream().mapToLong(Capture::amount).sum());
    }

    /** What a refund without an amount gives back: the captured amount, else the payment's amount. */
    long refundable() {
        long captured = capturedTotal();
        return captured > 0 ? captured : amount() == null ? 0 : amount();
    }

    /**
     * Every refund that moved money, by id, with its amount in minor units: the named ones, full
     * refunds sized at {@link #refundable()} (a full refund also reported with an amount counts the
     * larger of the two), a refund known only from a reversal that names it (its charge's total
     * vouches that it had moved money), and what charges report refunded beyond all of those, under
     * the charges' ids. So a charge's total and its named refunds, told in any order, never count twice.
     */
    SortedMap<String, Long> refundAmounts() {
        SortedMap<String, Long> amounts = new TreeMap<>(refunds());
        fullRefunds().forEach(id -> amounts.merge(id, refundable(), Math::max));
        long unexplained =
                chargeRefunds().values().stream().mapToLong(Long::longValue).sum()
                        - amounts.values().stream().mapToLong(Long::longValue).sum();
        for (RefundReversal reversal : refundReversals().values()) {
            String id = reversal.refundId();
            if (id != null && !amounts.containsKey(id) && reversal.amount() > 0 && reversal.amount() <= unexplained) {
                amounts.put(id, reversal.amount());
                unexplained -= reversal.amount();
            }
        }
        if (unexplained > 0) {
            amounts.put(String.join("+", chargeRefunds().keySet()), unexplained);
        }
        return amounts;
    }

    /**
     * The refunds and which of them a reversal undid: the refund a reversal names, else, for one
     * that names none, a refund of its amount not reversed already (the first by id).
     *
     * @param amounts   {@link #refundAmounts()}
     * @param reversed  the ids in {@code amounts} whose money came back
     * @param unmatched reversals naming no refund that found none of their amount: money came back
     *                  for a refund payhook never heard of
     */
    record Refunds(SortedMap<String, Long> amounts, SortedSet<String> reversed, int unmatched) {

        long refunded() {
            return amounts.entrySet().stream()
                    .filter(r -> !reversed.contains(r.getKey()))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
        }
    }

    Refunds refundsWithReversals() {
        SortedMap<String, Long> amounts = refundAmounts();
        SortedSet<String> reversed = new TreeSet<>();
        List<Long> unnamed = new ArrayList<>();
        for (RefundReversal reversal : refundReversals().values()) {
            if (reversal.refundId() == null) {
                unnamed.add(reversal.amount());
            } else if (amounts.containsKey(reversal.refundId())) {
                reversed.add(reversal.refundId());
            }
        }
        int unmatched = 0;
        for (long amount : unnamed) {
            String undone = amounts.entrySet().stream()
                    .filter(r -> r.getValue() == amount && !reversed.contains(r.getKey()))
                    .map(Map.Entry::getKey)
                    .findFirst()
                    .orElse(null);
            if (undone == null) {
                unmatched++;
            } else {
                reversed.add(undone);
            }
        }
        return new Refunds(amounts, reversed, unmatched);
    }

    PaymentFacts withLimitReached(String limit) {
        SortedSet<String> reached = new TreeSet<>(audit.limitsReached());
        reached.add(limit);
        Audit withLimit = new Audit(
                audit.orderId(),
                audit.source(),
                audit.accounts(),
                audit.appliedEventIds(),
                audit.deliveries(),
                reached,
                audit.createdAt(),
                audit.updatedAt());
        return new PaymentFacts(paymentId, amounts, lifecycle, captureFacts, refundFacts, disputes, withLimit);
    }
}
