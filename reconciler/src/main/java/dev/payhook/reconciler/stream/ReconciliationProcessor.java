package dev.payhook.reconciler.stream;

import dev.payhook.common.BankLine;
import dev.payhook.common.BankStatement;
import dev.payhook.common.BankStatementMessage;
import dev.payhook.common.DeadLetter;
import dev.payhook.common.Discrepancy;
import dev.payhook.common.DiscrepancyResolution;
import dev.payhook.common.JournalEntry;
import dev.payhook.common.JournalReversal;
import dev.payhook.common.JsonSerde;
import dev.payhook.common.PaymentState;
import dev.payhook.common.PeriodClose;
import dev.payhook.common.PeriodClosePart;
import dev.payhook.common.SettlementBatch;
import dev.payhook.common.SettlementLine;
import dev.payhook.common.SettlementMatch;
import dev.payhook.common.SettlementMessage;
import dev.payhook.common.Topics;
import dev.payhook.reconciler.journal.ChartOfAccounts;
import dev.payhook.reconciler.journal.Journal;
import dev.payhook.reconciler.journal.JournalChain;
import dev.payhook.reconciler.matching.DiscrepancyIds;
import dev.payhook.reconciler.matching.DiscrepancyLedger;
import dev.payhook.reconciler.matching.Finding;
import dev.payhook.reconciler.matching.PaymentEvidence;
import dev.payhook.reconciler.matching.Reconciliation;
import dev.payhook.reconciler.matching.ReconciliationTerms;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
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
    private static final JsonSerde<BankStatementMessage> STATEMENTS = JsonSerde.of(BankStatementMessage.class);
    private static final JsonSerde<JournalReversal> REVERSALS = JsonSerde.of(JournalReversal.class);
    private static final JsonSerde<PeriodClose> CLOSES = JsonSerde.of(PeriodClose.class);
    private static final JsonSerde<PeriodClosePart> PARTS = JsonSerde.of(PeriodClosePart.class);

    private final ReconciliationTerms terms;
    private final int maxLinesPerPayment;
    private final BankSettings bankSettings;
    private final ChartOfAccounts chart;
    private final ReconcilerMetrics metrics;
    private BankLeg bank;
    private KeyValueStore<String, JournalEntry> journal;
    private KeyValueStore<String, JournalEntry> journalHead;
    private PeriodBook periods;
    /** The operator's resolution being applied, while its record is processed: what an entry is posted for. */
    private DiscrepancyResolution applying;
    /** The bank account of the bank break being resolved, for {@code MARK_RECEIVED}. */
    private String applyingAccount;

    private ProcessorContext<String, Reconciled> context;
    private KeyValueStore<String, PaymentReconciliation> payments;
    private KeyValueStore<String, SettlementBatch> batches;
    private DiscrepancyStore discrepancies;
    private HotKeys<ReconciliationTotals> totals;
    private SettlementDueIndex due;
    private boolean counted;
    private String totalsKey;
    private Instant cutoff;
    /**
     * The headers of the record being processed: what it emits carries them on, the trace context
     * (W3C traceparent) of the webhook or upload that led to it among them.
     */
    private Headers evidence = new RecordHeaders();

    ReconciliationProcessor(
            ReconciliationTerms terms,
            int maxLinesPerPayment,
            BankSettings bankSettings,
            ChartOfAccounts chart,
            ReconcilerMetrics metrics) {
        this.terms = terms;
        this.maxLinesPerPayment = maxLinesPerPayment;
        this.bankSettings = bankSettings;
        this.chart = chart;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Reconciled> context) {
        this.context = context;
        this.payments = context.getStateStore(ReconciliationTopology.PAYMENTS_STORE);
        this.batches = context.getStateStore(ReconciliationTopology.BATCHES_STORE);
        this.discrepancies = DiscrepancyStore.of(context);
        this.totals = new HotKeys<>(context.getStateStore(ReconciliationTopology.TOTALS_STORE));
        this.due = new SettlementDueIndex(context.getStateStore(ReconciliationTopology.DUE_STORE));
        this.totalsKey = "partition-" + context.taskId().partition();
        try (KeyValueIterator<String, SettlementBatch> all = batches.all()) {
            all.forEachRemaining(batch -> cutoff = latest(cutoff, batch.value.cutoff()));
        }
        this.bank = new BankLeg(context, bankSettings, discrepancies, this::emit);
        this.journal = context.getStateStore(ReconciliationTopology.JOURNAL_STORE);
        this.journalHead = context.getStateStore(ReconciliationTopology.JOURNAL_HEAD_STORE);
        this.periods = new PeriodBook(context);
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
        evidence = record.headers();
        if (!counted) {
            // In a record's transaction, as every store write must be; once per task.
            discrepancies.countIfUncounted();
            totalsByAccountIfUncounted();
            counted = true;
        }
        if (record.value() == null) {
            return; // a tombstone on the compacted payments topic: nothing to reconcile
        }
        Reassessment reassessment;
        SettlementBatch batch = null;
        DiscrepancyResolution batchResolution = null;
        BankStatementMessage statementMessage = null;
        JournalReversal reversal = null;
        PeriodClose close = null;
        PeriodClosePart part = null;
        try {
            reassessment = switch (topic) {
                case Topics.PAYMENTS -> {
                    PaymentEvidence evidence = PaymentEvidence.of(PAYMENTS.deserialize(topic, record.value()));
                    PaymentReconciliation stored = payments.get(evidence.paymentId());
                    PaymentReconciliation payment = orEmpty(stored, evidence.paymentId());
                    yield evidence.isNewerThan(payment.payment())
                            ? reassess(stored, payment.withPayment(evidence), at)
                            : null;
                }
                case Topics.SETTLEMENTS -> {
                    SettlementMessage message = SETTLEMENTS.deserialize(topic, record.value());
                    if (message instanceof SettlementBatch marker) {
                        batch = marker;
                        yield null;
                    }
                    yield settle((SettlementLine) message, at);
                }
                case Topics.BANK_STATEMENTS -> {
                    if (!ownsBatchBreaks()) {
                        throw new IllegalStateException("bank statements belong on partition "
                                + Topics.BATCH_BREAKS_PARTITION + ", the one whose task owns payouts");
                    }
                    statementMessage = STATEMENTS.deserialize(topic, record.value());
                    yield null;
                }
                case Topics.DISCREPANCY_RESOLUTIONS -> {
                    if (record.key() != null && record.key().startsWith(REVERSAL_KEY)) {
                        reversal = REVERSALS.deserialize(topic, record.value());
                        yield null;
                    }
                    if (record.key() != null && record.key().startsWith(CLOSE_KEY)) {
                        close = CLOSES.deserialize(topic, record.value());
                        yield null;
                    }
                    if (record.key() != null && record.key().startsWith(CLOSE_PART_KEY)) {
                        part = PARTS.deserialize(topic, record.value());
                        yield null;
                    }
                    DiscrepancyResolution resolution = RESOLUTIONS.deserialize(topic, record.value());
                    applying = resolution;
                    if (resolution.paymentId() == null) {
                        batchResolution = resolution;
                        yield null;
                    }
                    yield resolve(resolution, at);
                }
                default -> throw new IllegalStateException("not an input of the reconciler: " + topic);
            };
        } catch (RuntimeException e) {
            applying = null;
            deadLetter(record, topic, e);
            return;
        }
        try {
            apply(record, at, reassessment, batch, batchResolution, statementMessage, reversal);
            if (close != null) {
                closePeriod(close);
            }
            if (part != null) {
                periods.part(part)
                        .forEach(statement -> context.forward(new Record<>(
                                statement.key(),
                                new Reconciled.PeriodClosed(statement),
                                record.timestamp(),
                                evidence)));
            }
        } finally {
            applying = null;
            applyingAccount = null;
        }
    }

    /** Key prefix of a {@link JournalReversal} on the resolutions topic. */
    static final String REVERSAL_KEY = "reversal:";
    /** Key prefix of a {@link PeriodClose} on the resolutions topic. */
    static final String CLOSE_KEY = "close:";
    /** Key prefix of a {@link PeriodClosePart} on the resolutions topic. */
    static final String CLOSE_PART_KEY = "close-part:";

    /** Closes the period in this task, and sends its part to where the parts meet. */
    private void closePeriod(PeriodClose close) {
        List<Discrepancy> open = discrepancies.open();
        List<JournalEntry> entries = new ArrayList<>();
        try (KeyValueIterator<String, JournalEntry> all = journal.all()) {
            all.forEachRemaining(kv -> entries.add(kv.value));
        }
        PeriodClosePart part = periods.close(close, context.taskId().partition(), open, entries, this::sourceOf);
        if (part != null) {
            context.forward(new Record<>(
                    CLOSE_PART_KEY + close.period() + ":" + part.partition(),
                    new Reconciled.ClosePartComputed(part),
                    close.requestedAt().toEpochMilli(),
                    evidence));
        }
    }

    private void apply(
            Record<String, byte[]> record,
            Instant at,
            Reassessment reassessment,
            SettlementBatch batch,
            DiscrepancyResolution batchResolution,
            BankStatementMessage statementMessage,
            JournalReversal reversal) {
        if (reassessment != null) {
            write(reassessment);
        }
        if (reversal != null) {
            reverse(reversal, at);
        }
        if (batch != null) {
            closeBatch(record, batch, at);
        }
        if (batchResolution != null) {
            resolveBatchBreak(batchResolution, at);
        }
        if (statementMessage instanceof BankLine line) {
            bank.line(line);
        } else if (statementMessage instanceof BankStatement statement) {
            bank.statement(statement, at);
        }
    }

    /** A line is reassessed with its payment. */
    private Reassessment settle(SettlementLine line, Instant at) {
        PaymentReconciliation stored = payments.get(line.paymentId());
        PaymentReconciliation payment = orEmpty(stored, line.paymentId());
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
        return reassess(stored, payment.withLine(line), at);
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
        if (ownsBatchBreaks()) {
            reassessBatch(batch, Reconciliation.payouts(batch), Map.of(), at);
            bank.payouts(batch, at);
            periods.payouts(batch);
        }
        Instant before = cutoff;
        cutoff = latest(cutoff, batch.cutoff());
        if (cutoff == null || cutoff.equals(before)) {
            return;
        }
        for (String paymentId : due.dueBy(cutoff)) {
            Reassessment reassessment;
            try {
                PaymentReconciliation stored = payments.get(paymentId);
                reassessment = reassess(stored, orEmpty(stored, paymentId), at);
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

    private boolean ownsBatchBreaks() {
        return context.taskId().partition() == Topics.BATCH_BREAKS_PARTITION;
    }

    /**
     * A batch's own breaks go through the same ledger as a payment's, with no payment. A batch is
     * assessed once, when its marker first arrives; after that only an operator changes its breaks.
     */
    private void reassessBatch(
            SettlementBatch batch, List<Finding> findings, Map<String, DiscrepancyResolution> resolutions, Instant at) {
        Map<String, Discrepancy> previous = new TreeMap<>();
        for (Finding finding : findings) {
            String id = DiscrepancyIds.of(finding.type(), null, finding.key());
            Discrepancy held = discrepancies.get(id);
            if (held != null) {
                previous.put(id, held);
            }
        }
        DiscrepancyLedger.apply(
                        null,
                        batch.accounts().size() == 1 ? batch.accounts().first() : null,
                        previous,
                        findings,
                        resolutions,
                        at)
                .changes()
                .forEach(change -> emit(change, at));
    }

    /** An operator's resolution of a batch's break (only that break is reassessed) or of the bank leg's. */
    private void resolveBatchBreak(DiscrepancyResolution resolution, Instant at) {
        Discrepancy held = discrepancies.get(resolution.discrepancyId());
        if (held != null && held.type().isBankLeg()) {
            applyingAccount = bank.accountOf(held.discrepancyId());
            if (!bank.resolve(held, resolution, at)) {
                log.warn("resolution for bank discrepancy {} of no account ignored", resolution.discrepancyId());
            }
            return;
        }
        SettlementBatch batch = held == null || held.batchId() == null ? null : batches.get(held.batchId());
        if (held == null || held.paymentId() != null || batch == null) {
            log.warn("resolution for unknown batch discrepancy {} ignored", resolution.discrepancyId());
            return;
        }
        List<Finding> findings = Reconciliation.payouts(batch).stream()
                .filter(f -> DiscrepancyIds.of(f.type(), null, f.key()).equals(held.discrepancyId()))
                .toList();
        reassessBatch(batch, findings, Map.of(held.discrepancyId(), resolution), at);
    }

    private Reassessment resolve(DiscrepancyResolution resolution, Instant at) {
        PaymentReconciliation stored = payments.get(resolution.paymentId());
        PaymentReconciliation payment = orEmpty(stored, resolution.paymentId());
        if (!payment.discrepancies().containsKey(resolution.discrepancyId())) {
            log.warn(
                    "resolution for unknown discrepancy {} of payment {} ignored",
                    resolution.discrepancyId(),
                    resolution.paymentId());
            return null;
        }
        return reassess(stored, payment.withResolution(resolution), at);
    }

    /**
     * What one payment's evidence means now, next to what was emitted before: computed, not written.
     * {@code stored} is the payment as the store held it before this record (null: not yet), read once.
     */
    private record Reassessment(
            PaymentReconciliation stored,
            PaymentReconciliation after,
            List<DiscrepancyLedger.Change> changes,
            List<SettlementMatch> newMatches,
            Instant at) {}

    private Reassessment reassess(PaymentReconciliation stored, PaymentReconciliation payment, Instant at) {
        Reconciliation.Assessment assessment = Reconciliation.assess(
                payment.payment(),
                payment.lines().values(),
                cutoff,
                terms.settlementDelay(payment.account()),
                terms.fees(payment.account()));
        DiscrepancyLedger.Entries entries = DiscrepancyLedger.apply(
                payment.paymentId(),
                payment.account(),
                payment.discrepancies(),
                assessment.findings(),
                payment.resolutions(),
                at,
                payment.payment() != null && payment.payment().recoveredByPolling());

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
                        at,
                        payment.account()));
            }
        }
        PaymentReconciliation after =
                payment.assessed(entries.discrepancies(), matched, assessment.awaitingSettlement(), assessment.dueAt());
        return new Reassessment(stored, after, entries.changes(), newMatches, at);
    }

    /** Writes one reassessment: discrepancies, matches, totals, the due index and the payment, together. */
    private void write(Reassessment reassessment) {
        PaymentReconciliation after = reassessment.after();
        for (DiscrepancyLedger.Change change : reassessment.changes()) {
            emit(change, reassessment.at());
        }
        for (SettlementMatch match : reassessment.newMatches()) {
            metrics.matched(match.kind());
            context.forward(new Record<>(
                    after.paymentId(),
                    new Reconciled.LineMatched(match),
                    reassessment.at().toEpochMilli(),
                    evidence));
        }
        // The totals move by this payment's difference from what the store held before this record.
        PaymentReconciliation stored = reassessment.stored();
        for (SettlementLine line : after.lines().values()) {
            boolean isNew = stored == null || !stored.lines().containsKey(line.reference());
            boolean nowMatched = after.matched().contains(line.reference())
                    && (stored == null || !stored.matched().contains(line.reference()));
            if (isNew) {
                periods.line(line, nowMatched);
            } else if (nowMatched) {
                periods.matched(line);
            }
        }
        ReconciliationTotals now = ReconciliationTotals.of(after);
        ReconciliationTotals was = stored == null ? ReconciliationTotals.NONE : ReconciliationTotals.of(stored);
        ReconciliationTotals change = now.plus(was, -1);
        moveTotals(totalsKey, change);
        String accountKey = ReconciliationTotals.key(totalsKey, after.account());
        String wasAccountKey = stored == null ? accountKey : ReconciliationTotals.key(totalsKey, stored.account());
        if (accountKey.equals(wasAccountKey)) {
            moveTotals(accountKey, change);
        } else {
            moveTotals(accountKey, now);
            moveTotals(wasAccountKey, ReconciliationTotals.NONE.plus(was, -1));
        }
        due.move(after.paymentId(), stored == null ? null : stored.dueAt(), after.dueAt());
        payments.put(after.paymentId(), after);
    }

    /** Adds the change to the running totals under the key; a change of nothing reads and writes nothing. */
    private void moveTotals(String key, ReconciliationTotals change) {
        if (change.equals(ReconciliationTotals.NONE)) {
            return;
        }
        ReconciliationTotals running = totals.get(key);
        totals.put(key, (running == null ? ReconciliationTotals.NONE : running).plus(change, 1));
    }

    /**
     * The task's totals per merchant account, counted once from its payments when a store of a deployment
     * that predates them has the task's totals but none per account.
     */
    private void totalsByAccountIfUncounted() {
        if (totals.get(totalsKey) == null) {
            return;
        }
        try (var perAccount = totals.store().range(totalsKey + ReconciliationTotals.ACCOUNT, totalsKey + "A")) {
            if (perAccount.hasNext()) {
                return;
            }
        }
        Map<String, ReconciliationTotals> byAccount = new java.util.HashMap<>();
        try (var all = payments.all()) {
            all.forEachRemaining(p -> byAccount.merge(
                    ReconciliationTotals.key(totalsKey, p.value.account()),
                    ReconciliationTotals.of(p.value),
                    (a, b) -> a.plus(b, 1)));
        }
        byAccount.forEach(totals::put);
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
        context.forward(
                new Record<>(record.key(), new Reconciled.DeadLettered(deadLetter), record.timestamp(), evidence));
    }

    private void emit(DiscrepancyLedger.Change change, Instant at) {
        Discrepancy discrepancy = change.after();
        discrepancies.record(change, at);
        if (change.opened()) {
            metrics.opened(discrepancy);
        } else if (change.resolved()) {
            metrics.resolved(discrepancy);
        }
        context.forward(new Record<>(
                discrepancy.discrepancyId(),
                new Reconciled.DiscrepancyChanged(discrepancy),
                context.currentStreamTimeMs(),
                evidence));
        if (applying != null
                && change.resolved()
                && Discrepancy.BY_OPERATOR.equals(discrepancy.resolvedBy())
                && discrepancy.discrepancyId().equals(applying.discrepancyId())) {
            JournalEntry entry = Journal.entry(
                    discrepancy,
                    applying.action(),
                    applying.operator(),
                    applying.note(),
                    applying.resolvedAt(),
                    new Journal.Subject(sourceOf(discrepancy), applyingAccount),
                    chart);
            if (entry != null) {
                post(entry);
            }
        }
    }

    /** An entry chained after this task's last, kept and published; one already posted is not posted again. */
    private void post(JournalEntry entry) {
        if (journal.get(entry.entryId()) != null) {
            return;
        }
        PeriodBook.Booked booked = periods.booked(entry.date(), entry.account());
        JournalEntry chained = JournalChain.append(
                entry.bookedIn(booked.day(), booked.adjusts()),
                "reconciler-" + context.taskId().partition(),
                journalHead.get(JOURNAL_HEAD));
        journal.put(chained.entryId(), chained);
        journalHead.put(JOURNAL_HEAD, chained);
        context.forward(new Record<>(
                chained.entryId(),
                new Reconciled.JournalPosted(chained),
                chained.postedAt().toEpochMilli(),
                evidence));
    }

    private static final String JOURNAL_HEAD = "head";

    /** An operator's reversal: a new entry with the sides swapped, once; an unknown entry is ignored. */
    private void reverse(JournalReversal reversal, Instant at) {
        JournalEntry original = journal.get(reversal.reverses());
        if (original == null) {
            log.warn("reversal of unknown journal entry {} ignored", reversal.reverses());
            return;
        }
        post(Journal.reversal(original, reversal.operator(), reversal.note(), reversal.requestedAt()));
    }

    /** The provider the discrepancy's money is owed by: its payment's source, else its batch's format. */
    private String sourceOf(Discrepancy discrepancy) {
        if (discrepancy.paymentId() != null) {
            PaymentReconciliation payment = payments.get(discrepancy.paymentId());
            if (payment != null
                    && payment.payment() != null
                    && payment.payment().source() != null) {
                return payment.payment().source();
            }
            if (payment != null && !payment.lines().isEmpty()) {
                return payment.lines().values().iterator().next().format();
            }
        }
        SettlementBatch batch = discrepancy.batchId() == null ? null : batches.get(discrepancy.batchId());
        return batch != null ? batch.format() : "unknown";
    }

    private static PaymentReconciliation orEmpty(PaymentReconciliation stored, String paymentId) {
        return stored != null ? stored : PaymentReconciliation.empty(paymentId);
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null || b != null && b.isAfter(a) ? b : a;
    }
}
