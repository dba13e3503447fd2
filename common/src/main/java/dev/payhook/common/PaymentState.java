package dev.payhook.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A payment as payhook sees it, on {@code payhook.payments} (compacted, key = paymentId, one
 * snapshot after every change) and at {@code GET /payments/{paymentId}}. The processor derives it
 * from the facts it folds in its store; the published shape is documented in docs/DESIGN.md
 * ("Payment state") and carries no internal marker.
 *
 * <p>Every collection is bounded by the processor's per-payment limits, so a snapshot never grows
 * past what one Kafka record can carry, whatever one payment id receives.
 *
 * <p>It is composed of small records, each unwrapped into the one flat JSON object docs/DESIGN.md
 * documents ({@code PublishedShapesTest} keeps it byte for byte); each field also reads by its
 * published name ({@link #currency()}, {@link #refunds()}…).
 *
 * @param amounts        the currency (the first, if events disagreed: see {@link #anomalies()}); the
 *                       payment's amount as created or authorized (or captured, when no event said
 *                       more); what the authorization held (null if none said); the captured amount,
 *                       0 until captured; what was authorized and not captured
 * @param captures       capture id → its amount and time, for providers that name their captures
 *                       (Adyen, Stripe charges)
 * @param refundFacts    the sum of the refunds not reversed; refund id → refunded amount, every refund
 *                       that moved money, reversed ones too (one reported without an amount refunds
 *                       what was refundable; a charge's refunded total no named refund explains, Stripe's
 *                       {@code charge.refunded}, is listed under the charge's id); the ids whose money came back
 * @param disputeFacts   dispute id → what the merchant holds at its furthest stage (OPEN, WON, LOST),
 *                       and dispute id → that stage
 * @param failedCaptures ids of captures the provider reported failed after reporting them (Adyen
 *                       {@code CAPTURE_FAILED}): no money moved for them, an anomaly until resolved
 * @param audit          anomalies (in words, each starting with its code); {@code source:eventId} of
 *                       every event applied, exactly once each; how they reached payhook ({@code push},
 *                       {@code poll}, {@code requeue}) → how many; the per-payment limits reached
 * @param lineage        order id, source and merchant account (the first, if events disagreed: see
 *                       {@link #anomalies()}); when it was created, captured (the earliest capture) and
 *                       last updated
 */
public record PaymentState(
        String paymentId,
        PaymentStatus status,
        @JsonUnwrapped Amounts amounts,
        SortedMap<String, Capture> captures,
        @JsonUnwrapped Refunds refundFacts,
        @JsonUnwrapped Disputes disputeFacts,
        SortedSet<String> failedCaptures,
        @JsonUnwrapped Audit audit,
        @JsonUnwrapped Lineage lineage) {

    /** What the payment is worth, as authorized and captured (minor units of {@code currency}). */
    public record Amounts(
            String currency, Long amount, Long authorizedAmount, long capturedAmount, long uncapturedAmount) {}

    /** Its refunds: the total not reversed, each refund's amount, and those whose money came back. */
    public record Refunds(long refundedAmount, SortedMap<String, Long> refunds, SortedSet<String> reversedRefunds) {

        public Refunds {
            refunds = refunds == null ? new TreeMap<>() : new TreeMap<>(refunds);
            reversedRefunds = reversedRefunds == null ? new TreeSet<>() : new TreeSet<>(reversedRefunds);
        }
    }

    /** Its disputes: what the merchant holds at each one's furthest stage, and that stage. */
    public record Disputes(SortedMap<String, DisputeStatus> disputes, SortedMap<String, DisputeStage> disputeStages) {

        public Disputes {
            disputes = disputes == null ? new TreeMap<>() : new TreeMap<>(disputes);
            disputeStages = disputeStages == null ? new TreeMap<>() : new TreeMap<>(disputeStages);
        }
    }

    /** What it is made of and what did not add up: the events applied, how they came, the limits reached. */
    public record Audit(
            List<String> anomalies,
            SortedSet<String> appliedEventIds,
            SortedMap<String, Long> deliveries,
            SortedSet<String> limitsReached) {

        public Audit {
            anomalies = anomalies == null ? List.of() : List.copyOf(anomalies);
            appliedEventIds = appliedEventIds == null ? new TreeSet<>() : new TreeSet<>(appliedEventIds);
            deliveries = deliveries == null ? new TreeMap<>() : new TreeMap<>(deliveries);
            limitsReached = limitsReached == null ? new TreeSet<>() : new TreeSet<>(limitsReached);
        }
    }

    /**
     * Whose it is and when: the merchant's order id, the source, the merchant account, and when it was
     * created, captured, updated.
     */
    public record Lineage(
            String orderId, String source, String account, Instant createdAt, Instant capturedAt, Instant updatedAt) {}

    public PaymentState {
        amounts = amounts == null ? new Amounts(null, null, null, 0, 0) : amounts;
        captures = captures == null ? new TreeMap<>() : new TreeMap<>(captures);
        refundFacts = refundFacts == null ? new Refunds(0, null, null) : refundFacts;
        disputeFacts = disputeFacts == null ? new Disputes(null, null) : disputeFacts;
        failedCaptures = failedCaptures == null ? new TreeSet<>() : new TreeSet<>(failedCaptures);
        audit = audit == null ? new Audit(null, null, null, null) : audit;
        lineage = lineage == null ? new Lineage(null, null, null, null, null, null) : lineage;
    }

    /**
     * The flat object as it is published, read field by field by name. Jackson reads it into this and then
     * the state, rather than into the unwrapped records directly: that path buffers every field and reads
     * each record again from the buffer (the reconciler reads a snapshot for every payment change; the
     * facts' same change: BENCHMARKS.md, "Issue 34, session 17"). {@code FlatWireTest} keeps it in step
     * with the records.
     */
    record Wire(
            String paymentId,
            PaymentStatus status,
            String currency,
            Long amount,
            Long authorizedAmount,
            long capturedAmount,
            long uncapturedAmount,
            SortedMap<String, Capture> captures,
            long refundedAmount,
            SortedMap<String, Long> refunds,
            SortedSet<String> reversedRefunds,
            SortedMap<String, DisputeStatus> disputes,
            SortedMap<String, DisputeStage> disputeStages,
            SortedSet<String> failedCaptures,
            List<String> anomalies,
            SortedSet<String> appliedEventIds,
            SortedMap<String, Long> deliveries,
            SortedSet<String> limitsReached,
            String orderId,
            String source,
            String account,
            Instant createdAt,
            Instant capturedAt,
            Instant updatedAt) {}

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static PaymentState read(Wire wire) {
        return new PaymentState(
                wire.paymentId(),
                wire.status(),
                new Amounts(
                        wire.currency(),
                        wire.amount(),
                        wire.authorizedAmount(),
                        wire.capturedAmount(),
                        wire.uncapturedAmount()),
                wire.captures(),
                new Refunds(wire.refundedAmount(), wire.refunds(), wire.reversedRefunds()),
                new Disputes(wire.disputes(), wire.disputeStages()),
                wire.failedCaptures(),
                new Audit(wire.anomalies(), wire.appliedEventIds(), wire.deliveries(), wire.limitsReached()),
                new Lineage(
                        wire.orderId(),
                        wire.source(),
                        wire.account(),
                        wire.createdAt(),
                        wire.capturedAt(),
                        wire.updatedAt()));
    }

    /** A state built by name: {@code PaymentState.of(id, status).amounts(…).refunds(…)…build()}. */
    public static Builder of(String paymentId, PaymentStatus status) {
        return new Builder(paymentId, status);
    }

    public static final class Builder {
        private final String paymentId;
        private final PaymentStatus status;
        private Amounts amounts;
        private SortedMap<String, Capture> captures;
        private SortedSet<String> failedCaptures;
        private Refunds refunds;
        private Disputes disputes;
        private Audit audit;
        private Lineage lineage;

        private Builder(String paymentId, PaymentStatus status) {
            this.paymentId = paymentId;
            this.status = status;
        }

        public Builder amounts(Amounts amounts) {
            this.amounts = amounts;
            return this;
        }

        /** Its named captures, and those the provider reported failed after reporting them. */
        public Builder captures(SortedMap<String, Capture> captures, SortedSet<String> failedCaptures) {
            this.captures = captures;
            this.failedCaptures = failedCaptures;
            return this;
        }

        public Builder refunds(Refunds refunds) {
            this.refunds = refunds;
            return this;
        }

        public Builder disputes(Disputes disputes) {
            this.disputes = disputes;
            return this;
        }

        public Builder audit(Audit audit) {
            this.audit = audit;
            return this;
        }

        public Builder lineage(Lineage lineage) {
            this.lineage = lineage;
            return this;
        }

        public PaymentState build() {
            return new PaymentState(
                    paymentId, status, amounts, captures, refunds, disputes, failedCaptures, audit, lineage);
        }
    }

    // Each published field by its name, as the topic and the API spell it.

    public String currency() {
        return amounts.currency();
    }

    public Long amount() {
        return amounts.amount();
    }

    public Long authorizedAmount() {
        return amounts.authorizedAmount();
    }

    public long capturedAmount() {
        return amounts.capturedAmount();
    }

    public long uncapturedAmount() {
        return amounts.uncapturedAmount();
    }

    public long refundedAmount() {
        return refundFacts.refundedAmount();
    }

    public SortedMap<String, Long> refunds() {
        return refundFacts.refunds();
    }

    public SortedSet<String> reversedRefunds() {
        return refundFacts.reversedRefunds();
    }

    public SortedMap<String, DisputeStatus> disputes() {
        return disputeFacts.disputes();
    }

    public SortedMap<String, DisputeStage> disputeStages() {
        return disputeFacts.disputeStages();
    }

    public List<String> anomalies() {
        return audit.anomalies();
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

    public String orderId() {
        return lineage.orderId();
    }

    public String source() {
        return lineage.source();
    }

    public String account() {
        return lineage.account();
    }

    public Instant createdAt() {
        return lineage.createdAt();
    }

    public Instant capturedAt() {
        return lineage.capturedAt();
    }

    public Instant updatedAt() {
        return lineage.updatedAt();
    }

    /** How many distinct events this state reflects: the audit's "applied exactly once" count. */
    @JsonIgnore
    public int eventCount() {
        return appliedEventIds().size();
    }

    /** Money moved: a capture was reported (a later failure of it is in {@link #failedCaptures()}). */
    @JsonIgnore
    public boolean isCaptured() {
        return capturedAt() != null;
    }
}
