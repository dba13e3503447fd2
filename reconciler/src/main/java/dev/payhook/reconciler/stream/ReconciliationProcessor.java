package dev.payhook.reconciler.stream;

import dev.payhook.common.DeadLetter;
import dev.payhook.common.Discrepancy;
import dev.payhook.common.DiscrepancyResolution;
import dev.payhook.common.DiscrepancyStatus;
import dev.payhook.common.DiscrepancyType;
import dev.payhook.common.JsonSerde;
import dev.payhook.common.PaymentState;
import dev.payhook.common.SettlementBatch;
import dev.payhook.common.SettlementLine;
import dev.payhook.common.SettlementMatch;
import dev.payhook.common.SettlementMessage;
import dev.payhook.common.Topics;
import dev.payhook.reconciler.matching.DiscrepancyIds;
import dev.payhook.reconciler.matching.Finding;
import dev.payhook.reconciler.matching.PaymentFacts;
import dev.payhook.reconciler.matching.Reconciliation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each payment's state, settlement lines and operator resolutions together, re-runs
 * {@link Reconciliation} whenever one of them changes, and emits only the difference from what
 * it emitted before: new or changed discrepancies, resolved ones, newly matched lines. Evidence
 * seen again (a replay, a re-uploaded report) changes nothing and emits nothing.
 */
final class ReconciliationProcessor implements Processor<String, byte[], String, Reconciled> {

    private static final Logger log = LoggerFactory.getLogger(ReconciliationProcessor.class);
    private static final JsonSerde<PaymentState> PAYMENTS = JsonSerde.of(PaymentState.class);
    private static final JsonSerde<SettlementMessage> SETTLEMENTS = JsonSerde.of(SettlementMessage.class);
    private static final JsonSerde<DiscrepancyResolution> RESOLUTIONS = JsonSerde.of(DiscrepancyResolution.class);

    private final Duration settlementDelay;
    private final int maxLinesPerPayment;
    private final ReconcilerMetrics metrics;
    private ProcessorContext<String, Reconciled> context;
    private KeyValueStore<String, PaymentReconciliation> payments;
    private KeyValueStore<String, SettlementBatch> batches;
    private KeyValueStore<String, Discrepancy> discrepancies;
    private KeyValueStore<String, ReconciliationTotals> totals;
    private SettlementDueIndex due;
    private String totalsKey;
    private Instant cutoff;

    ReconciliationProcessor(Duration settlementDelay, int maxLinesPerPayment, ReconcilerMetrics metrics) {
        this.settlementDelay = settlementDelay;
        this.maxLinesPerPayment = maxLinesPerPayment;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Reconciled> context) {
        this.context = context;
        this.payments = context.getStateStore(ReconciliationTopology.PAYMENTS_STORE);
        this.batches = context.getStateStore(ReconciliationTopology.BATCHES_STORE);
        this.discrepancies = context.getStateStore(ReconciliationTopology.DISCREPANCIES_STORE);
        this.totals = context.getStateStore(ReconciliationTopology.TOTALS_STORE);
        this.due = new SettlementDueIndex(context.getStateStore(ReconciliationTopology.DUE_STORE));
        this.totalsKey = "partition-" + context.taskId().partition();
        try (KeyValueIterator<String, SettlementBatch> all = batches.all()) {
            all.forEachRemaining(batch -> cutoff = latest(cutoff, batch.value.cutoff()));
        }
    }

    /**
     * Each record is decoded and its effect computed without writing anything; only then are the
     * stores written and the outputs forwarded, in this record's transaction. A record that cannot
     * be decoded or applied goes to the dead-letter topic with the error, and the stream goes on.
     */
    @Override
    public void process(Record<String, byte[]> record) {
        String topic = context.recordMetadata().map(m -> m.topic()).orElse("");
        Instant at = Instant.ofEpochMilli(record.timestamp());
        if (record.value() == null) {
            return; // a tombstone on the compacted payments topic: nothing to reconcile
        }
        Reassessment reassessment;
        SettlementBatch batch = null;
        try {
            reassessment = switch (topic) {
                case Topics.PAYMENTS -> {
                    PaymentFacts facts = PaymentFacts.of(PAYMENTS.deserialize(topic, record.value()));
                    PaymentReconciliation payment = current(facts.paymentId());
                    yield facts.isNewerThan(payment.payment()) ? reassess(payment.withPayment(facts), at) : null;
                }
                case Topics.SETTLEMENTS -> {
                    SettlementMessage message = SETTLEMENTS.deserialize(topic, record.value());
                    if (message instanceof SettlementBatch marker) {
                        batch = marker;
                        yield null;
                    }
                    yield settle((SettlementLine) message, at);
                }
                case Topics.DISCREPANCY_RESOLUTIONS -> resolve(RESOLUTIONS.deserialize(topic, record.value()), at);
                default -> throw new IllegalStateException("not an input of the reconciler: " + topic);
            };
        } catch (RuntimeException e) {
            deadLetter(record, topic, e);
            return;
        }
        if (reassessment != null) {
            write(reassessment);
        }
        if (batch != null) {
            closeBatch(record, batch, at);
        }
    }

    /** A line is reassessed with its payment. */
    private Reassessment settle(SettlementLine line, Instant at) {
        PaymentReconciliation payment = current(line.paymentId());
        if (payment.lines().containsKey(line.reference())) {
            metrics.duplicateLine();
            return null;
        }
        if (payment.lines().size() >= maxLinesPerPayment) {
            throw new IllegalStateException("payment " + line.paymentId() + " already has "
                    + payment.lines().size()
                    + " settlement lines, the limit (payhook.reconciler.max-lines-per-payment); line "
                    + line.reference() + " was not applied");
        }
        return reassess(payment.withLine(line), at);
    }

    /**
     * A later cut-off can make many payments' settlement overdue (or a lost dispute's chargeback).
     * Each is reassessed and written on its own: one payment that cannot be reassessed is
     * dead-lettered by name and never holds the others back.
     */
    private void closeBatch(Record<String, byte[]> record, SettlementBatch batch, Instant at) {
        if (batches.get(batch.batchId()) != null) {
            return;
        }
        batches.put(batch.batchId(), batch);
        Instant before = cutoff;
        cutoff = latest(cutoff, batch.cutoff());
        if (cutoff == null || cutoff.equals(before)) {
            return;
        }
        for (String paymentId : due.dueBy(cutoff)) {
            Reassessment reassessment;
            try {
                reassessment = reassess(current(paymentId), at);
            } catch (RuntimeException e) {
                deadLetter(
                        record,
                        Topics.SETTLEMENTS,
                        new IllegalStateException(
                                "payment " + paymentId + " could not be reassessed at cut-off " + cutoff + ": "
                                        + e.getMessage(),
                                e));
                continue;
            }
            write(reassessment);
        }
    }

    private Reassessment resolve(DiscrepancyResolution resolution, Instant at) {
        PaymentReconciliation payment = current(resolution.paymentId());
        if (!payment.discrepancies().containsKey(resolution.discrepancyId())) {
            log.warn(
                    "resolution for unknown discrepancy {} of payment {} ignored",
                    resolution.discrepancyId(),
                    resolution.paymentId());
            return null;
        }
        return reassess(payment.withResolution(resolution), at);
    }

    /**
     * What one payment's evidence means now, next to what was emitted before: computed, not written.
     *
     * @param changed the discrepancies that changed, each with what it was before (null if new)
     */
    private record Reassessment(
            PaymentReconciliation after,
            List<Discrepancy> changed,
            List<Discrepancy> before,
            List<SettlementMatch> newMatches,
            Instant at) {}

    private Reassessment reassess(PaymentReconciliation payment, Instant at) {
        Reconciliation.Assessment assessment =
                Reconciliation.assess(payment.payment(), payment.lines().values(), cutoff, settlementDelay);

        SortedMap<String, Discrepancy> now = new TreeMap<>(payment.discrepancies());
        List<Discrepancy> changed = new ArrayList<>();
        List<Discrepancy> previous = new ArrayList<>();
        TreeSet<String> found = new TreeSet<>();
        for (Finding finding : assessment.findings()) {
            String id = DiscrepancyIds.of(finding.type(), payment.paymentId(), finding.key());
            found.add(id);
            Discrepancy before = payment.discrepancies().get(id);
            Discrepancy discrepancy = discrepancy(id, payment, finding, before, at);
            if (!discrepancy.equals(before)) {
                now.put(id, discrepancy);
                changed.add(discrepancy);
                previous.add(before);
            }
        }
        for (Discrepancy before : payment.discrepancies().values()) {
            if (before.isOpen() && !found.contains(before.discrepancyId())) {
                Discrepancy cleared = resolved(before, at, clearedBy(before.type()), Discrepancy.BY_EVIDENCE);
                now.put(cleared.discrepancyId(), cleared);
                changed.add(cleared);
                previous.add(before);
            }
        }

        SortedSet<String> matched = new TreeSet<>();
        List<SettlementMatch> newMatches = new ArrayList<>();
        for (SettlementLine line : assessment.matched()) {
            matched.add(line.reference());
            if (!payment.matched().contains(line.reference())) {
                newMatches.add(new SettlementMatch(
                        payment.paymentId(),
                        line.reference(),
                        line.kind(),
                        line.amount(),
                        line.currency(),
                        line.batchId(),
                        at));
            }
        }
        PaymentReconciliation after =
                payment.assessed(now, matched, assessment.awaitingSettlement(), assessment.dueAt());
        return new Reassessment(after, changed, previous, newMatches, at);
    }

    /** Writes one reassessment: discrepancies, matches, totals, the due index and the payment, together. */
    private void write(Reassessment reassessment) {
        PaymentReconciliation after = reassessment.after();
        for (int i = 0; i < reassessment.changed().size(); i++) {
            emit(reassessment.changed().get(i), reassessment.before().get(i));
        }
        for (SettlementMatch match : reassessment.newMatches()) {
            metrics.matched(match.kind());
            context.forward(new Record<>(
                    after.paymentId(),
                    new Reconciled.LineMatched(match),
                    reassessment.at().toEpochMilli()));
        }
        // The totals move by this payment's difference from what the store held before this record.
        PaymentReconciliation stored = payments.get(after.paymentId());
        ReconciliationTotals running = totals.get(totalsKey);
        running = (running == null ? ReconciliationTotals.NONE : running).plus(ReconciliationTotals.of(after), 1);
        if (stored != null) {
            running = running.plus(ReconciliationTotals.of(stored), -1);
        }
        totals.put(totalsKey, running);
        due.move(after.paymentId(), stored == null ? null : stored.dueAt(), after.dueAt());
        payments.put(after.paymentId(), after);
    }

    private void deadLetter(Record<String, byte[]> record, String topic, Exception error) {
        var metadata = context.recordMetadata();
        DeadLetter deadLetter = DeadLetter.of(
                topic,
                metadata.map(m -> m.partition()).orElse(-1),
                metadata.map(m -> m.offset()).orElse(-1L),
                record.key(),
                record.value(),
                error,
                Instant.now());
        log.warn("dead-lettering {}-{}@{}: {}", topic, deadLetter.partition(), deadLetter.offset(), deadLetter.error());
        metrics.deadLetter(topic);
        context.forward(new Record<>(record.key(), new Reconciled.DeadLettered(deadLetter), record.timestamp()));
    }

    /** The finding as a discrepancy: first seen now or before, resolved if an operator said so. */
    private static Discrepancy discrepancy(
            String id, PaymentReconciliation payment, Finding finding, Discrepancy before, Instant at) {
        DiscrepancyResolution manual = payment.resolutions().get(id);
        Instant detectedAt = before != null ? before.detectedAt() : at;
        return new Discrepancy(
                id,
                finding.type(),
                payment.paymentId(),
                finding.expected(),
                finding.actual(),
                manual != null ? DiscrepancyStatus.RESOLVED : DiscrepancyStatus.OPEN,
                detectedAt,
                finding.evidence() != null ? finding.evidence().batchId() : null,
                finding.evidence() != null ? finding.evidence().reference() : null,
                finding.amount(),
                finding.currency(),
                manual != null ? manual.resolvedAt() : null,
                manual != null ? manual.note() : null,
                manual != null ? Discrepancy.BY_OPERATOR : null,
                manual != null ? manual.operator() : null);
    }

    private static Discrepancy resolved(Discrepancy d, Instant at, String why, String by) {
        return new Discrepancy(
                d.discrepancyId(),
                d.type(),
                d.paymentId(),
                d.expected(),
                d.actual(),
                DiscrepancyStatus.RESOLVED,
                d.detectedAt(),
                d.batchId(),
                d.reference(),
                d.amount(),
                d.currency(),
                at,
                why,
                by,
                null);
    }

    private static String clearedBy(DiscrepancyType type) {
        return switch (type) {
            case UNKNOWN_SETTLEMENT -> "a webhook for the payment arrived";
            case MISSING_SETTLEMENT -> "a settlement line for the capture arrived";
            default -> "later evidence agrees with the settlement";
        };
    }

    private void emit(Discrepancy discrepancy, Discrepancy before) {
        discrepancies.put(discrepancy.discrepancyId(), discrepancy);
        if (discrepancy.isOpen() && (before == null || !before.isOpen())) {
            metrics.opened(discrepancy);
        } else if (!discrepancy.isOpen() && (before == null || before.isOpen())) {
            metrics.resolved(discrepancy);
        }
        context.forward(new Record<>(
                discrepancy.discrepancyId(),
                new Reconciled.DiscrepancyChanged(discrepancy),
                context.currentStreamTimeMs()));
    }

    private PaymentReconciliation current(String paymentId) {
        PaymentReconciliation payment = payments.get(paymentId);
        return payment != null ? payment : PaymentReconciliation.empty(paymentId);
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null || b != null && b.isAfter(a) ? b : a;
    }
}
