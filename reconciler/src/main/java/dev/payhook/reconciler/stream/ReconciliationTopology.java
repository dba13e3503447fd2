package dev.payhook.reconciler.stream;

import dev.payhook.common.BankLine;
import dev.payhook.common.BankStatement;
import dev.payhook.common.DeadLetter;
import dev.payhook.common.Discrepancy;
import dev.payhook.common.JournalEntry;
import dev.payhook.common.JsonSerde;
import dev.payhook.common.PeriodClose;
import dev.payhook.common.PeriodClosePart;
import dev.payhook.common.PeriodStatement;
import dev.payhook.common.SettlementBatch;
import dev.payhook.common.SettlementMatch;
import dev.payhook.common.Topics;
import dev.payhook.reconciler.journal.ChartOfAccounts;
import dev.payhook.reconciler.matching.ExpectedPayout;
import dev.payhook.reconciler.matching.FeeSchedule;
import dev.payhook.reconciler.matching.ReconciliationTerms;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * payhook.payments ──────────────┐
 * payhook.settlements ───────────┤
 * payhook.bank-statements ───────┼▶ reconcile (per payment) ─┬▶ payhook.discrepancies (key = discrepancyId)
 * payhook.discrepancy-resolutions┘                           ├▶ payhook.matches (key = paymentId)
 *                                                             ├▶ payhook.journal (key = entryId)
 *                                                             └▶ payhook.reconciler.dead-letter (unusable input)
 *
 * payhook.report-collections ──▶ a global table: what the collector has collected, for the console
 *
 * The inputs have the same partition count, and payments, lines and resolutions are keyed by payment id,
 * so one task holds everything about a payment. Batch markers reach every task; the task of
 * {@link Topics#BATCH_BREAKS_PARTITION} also reports the breaks of whole batches and, with every bank
 * statement written to its partition, matches payouts to the bank ({@link BankLeg}).
 */
public final class ReconciliationTopology {

    public static final String PAYMENTS_STORE = "payhook-reconciliation";
    public static final String BATCHES_STORE = "payhook-settlement-batches";
    public static final String DISCREPANCIES_STORE = "payhook-discrepancies";
    public static final String TOTALS_STORE = "payhook-reconciliation-totals";
    public static final String DUE_STORE = "payhook-settlement-due";
    /** {@link DiscrepancyIndex}: discrepancies by status and detection time, for paged listings. */
    public static final String DISCREPANCY_INDEX_STORE = "payhook-discrepancy-index";
    /** {@link DiscrepancyHistory}: every version of each discrepancy. */
    public static final String DISCREPANCY_HISTORY_STORE = "payhook-discrepancy-history";
    /** {@link DiscrepancyCounts}: running counts by status, type and hour of detection, for the summary. */
    public static final String DISCREPANCY_COUNTS_STORE = "payhook-discrepancy-counts";
    /**
     * The collector's record of each report ({@code payhook.report-collections}), as raw JSON: read by
     * the console only, so a record this build cannot parse is skipped there, never fatal here.
     */
    public static final String COLLECTIONS_STORE = "payhook-report-collections";

    /** The journal entries this task posted, by entry id. */
    public static final String JOURNAL_STORE = "payhook-journal";
    /** The last entry of this task's journal chain (key {@code head}). */
    public static final String JOURNAL_HEAD_STORE = "payhook-journal-head";

    /** {@link PeriodBook}: the periods this task has closed, by period. */
    public static final String CLOSED_PERIODS_STORE = "payhook-closed-periods";
    /** What each day's lines and payouts amount to, by provider, currency and the closed period they adjust. */
    public static final String PERIOD_TOTALS_STORE = "payhook-period-totals";
    /** Tasks' parts of a close, until every task's is in (partition 0's task). */
    public static final String PERIOD_PARTS_STORE = "payhook-period-parts";
    /**
     * Key prefix, in {@link #PERIOD_PARTS_STORE}, of a close whose statements are made: {@code done|<period>}
     * for a close of every account, {@code done|<period>|<account>} for one of an account.
     */
    public static final String PERIOD_STATED = "done|";
    /** Closed periods' statements, and each chain's latest (account, provider, currency; partition 0's task). */
    public static final String PERIOD_STATEMENTS_STORE = "payhook-period-statements";

    /** The bank leg ({@link BankLeg}), on {@link Topics#BATCH_BREAKS_PARTITION}'s task: payouts expected by account. */
    public static final String BANK_PAYOUTS_STORE = "payhook-bank-payouts";
    /** Bank statements' credits, by account. */
    public static final String BANK_CREDITS_STORE = "payhook-bank-credits";
    /** The bank statements received, by statement id: one delivered again changes nothing. */
    public static final String BANK_STATEMENTS_STORE = "payhook-bank-statements";
    /** Each account's matches and discrepancies, as last assessed. */
    public static final String BANK_ACCOUNTS_STORE = "payhook-bank-accounts";

    private ReconciliationTopology() {}

    /** With the same settlement delay and fee schedule for every merchant account. */
    public static void build(
            StreamsBuilder builder,
            Duration settlementDelay,
            int maxLinesPerPayment,
            FeeSchedule fees,
            BankSettings bank,
            ChartOfAccounts chart,
            ReconcilerMetrics metrics) {
        build(builder, ReconciliationTerms.uniform(settlementDelay, fees), maxLinesPerPayment, bank, chart, metrics);
    }

    public static void build(
            StreamsBuilder builder,
            ReconciliationTerms terms,
            int maxLinesPerPayment,
            BankSettings bank,
            ChartOfAccounts chart,
            ReconcilerMetrics metrics) {
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(PAYMENTS_STORE),
                Serdes.String(),
                JsonSerde.of(PaymentReconciliation.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(BATCHES_STORE), Serdes.String(), JsonSerde.of(SettlementBatch.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(DISCREPANCIES_STORE), Serdes.String(), JsonSerde.of(Discrepancy.class)));
        // Two hot keys per task (its totals and its account's) moved by every line: cached as the period totals
        // are, so the changelog gets one record per key and commit instead of one per line.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(TOTALS_STORE),
                        Serdes.String(),
                        JsonSerde.of(ReconciliationTotals.class))
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(DUE_STORE), Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(DISCREPANCY_INDEX_STORE), Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(DISCREPANCY_HISTORY_STORE), Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(DISCREPANCY_COUNTS_STORE), Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(CLOSED_PERIODS_STORE),
                Serdes.String(),
                JsonSerde.of(PeriodClose.class)));
        // A few hot keys (day, provider, currency) updated for every line: cached, so the changelog gets one
        // record per key and commit instead of one per line.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(PERIOD_TOTALS_STORE),
                        Serdes.String(),
                        JsonSerde.of(PeriodStatement.Totals.class))
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(PERIOD_PARTS_STORE),
                Serdes.String(),
                JsonSerde.of(PeriodClosePart.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(PERIOD_STATEMENTS_STORE),
                Serdes.String(),
                JsonSerde.of(PeriodStatement.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(JOURNAL_STORE), Serdes.String(), JsonSerde.of(JournalEntry.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(JOURNAL_HEAD_STORE), Serdes.String(), JsonSerde.of(JournalEntry.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(BANK_PAYOUTS_STORE),
                Serdes.String(),
                JsonSerde.of(ExpectedPayout.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(BANK_CREDITS_STORE), Serdes.String(), JsonSerde.of(BankLine.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(BANK_STATEMENTS_STORE),
                Serdes.String(),
                JsonSerde.of(BankStatement.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(BANK_ACCOUNTS_STORE),
                Serdes.String(),
                JsonSerde.of(BankAccountState.class)));

        builder.globalTable(
                Topics.REPORT_COLLECTIONS,
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("report-collections"),
                Materialized.<String, byte[], KeyValueStore<Bytes, byte[]>>as(COLLECTIONS_STORE)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(Serdes.ByteArray()));

        // Raw bytes in: the processor decodes by topic, so a poison record is dead-lettered, not fatal.
        KStream<String, Reconciled> reconciled = builder.stream(
                        List.of(
                                Topics.PAYMENTS,
                                Topics.SETTLEMENTS,
                                Topics.BANK_STATEMENTS,
                                Topics.DISCREPANCY_RESOLUTIONS),
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("evidence"))
                .process(
                        () -> new ReconciliationProcessor(terms, maxLinesPerPayment, bank, chart, metrics),
                        Named.as("reconcile"),
                        PAYMENTS_STORE,
                        BATCHES_STORE,
                        DISCREPANCIES_STORE,
                        TOTALS_STORE,
                        DUE_STORE,
                        DISCREPANCY_INDEX_STORE,
                        DISCREPANCY_HISTORY_STORE,
                        DISCREPANCY_COUNTS_STORE,
                        BANK_PAYOUTS_STORE,
                        BANK_CREDITS_STORE,
                        BANK_STATEMENTS_STORE,
                        BANK_ACCOUNTS_STORE,
                        JOURNAL_STORE,
                        JOURNAL_HEAD_STORE,
                        CLOSED_PERIODS_STORE,
                        PERIOD_TOTALS_STORE,
                        PERIOD_PARTS_STORE,
                        PERIOD_STATEMENTS_STORE);

        reconciled
                .split(Named.as("reconciled-"))
                .branch(
                        (key, r) -> r instanceof Reconciled.DiscrepancyChanged,
                        Branched.withConsumer(
                                changed -> changed.mapValues(
                                                r -> ((Reconciled.DiscrepancyChanged) r).discrepancy(),
                                                Named.as("discrepancy"))
                                        .to(
                                                Topics.DISCREPANCIES,
                                                Produced.with(Serdes.String(), JsonSerde.of(Discrepancy.class))),
                                "discrepancy"))
                .branch(
                        (key, r) -> r instanceof Reconciled.LineMatched,
                        Branched.withConsumer(
                                matched -> matched.mapValues(
                                                r -> ((Reconciled.LineMatched) r).match(), Named.as("match"))
                                        .to(
                                                Topics.MATCHES,
                                                Produced.with(Serdes.String(), JsonSerde.of(SettlementMatch.class))),
                                "match"))
                .branch(
                        (key, r) -> r instanceof Reconciled.JournalPosted,
                        Branched.withConsumer(
                                posted -> posted.mapValues(
                                                r -> ((Reconciled.JournalPosted) r).entry(), Named.as("journal-entry"))
                                        .to(
                                                Topics.JOURNAL,
                                                Produced.with(Serdes.String(), JsonSerde.of(JournalEntry.class))),
                                "journal"))
                .branch(
                        (key, r) -> r instanceof Reconciled.ClosePartComputed,
                        Branched.withConsumer(
                                parts -> parts.mapValues(
                                                r -> ((Reconciled.ClosePartComputed) r).part(), Named.as("close-part"))
                                        .to(
                                                Topics.DISCREPANCY_RESOLUTIONS,
                                                Produced.with(Serdes.String(), JsonSerde.of(PeriodClosePart.class))
                                                        .withStreamPartitioner((topic, key, value, partitions) ->
                                                                java.util.Optional.of(java.util.Set.of(
                                                                        Topics.BATCH_BREAKS_PARTITION)))),
                                "close-part"))
                .branch(
                        (key, r) -> r instanceof Reconciled.PeriodClosed,
                        Branched.withConsumer(
                                closes -> closes.mapValues(
                                                r -> ((Reconciled.PeriodClosed) r).statement(), Named.as("statement"))
                                        .to(
                                                Topics.PERIOD_CLOSES,
                                                Produced.with(Serdes.String(), JsonSerde.of(PeriodStatement.class))),
                                "period-close"))
                .defaultBranch(Branched.withConsumer(
                        dead -> dead.mapValues(r -> ((Reconciled.DeadLettered) r).deadLetter(), Named.as("dead-letter"))
                                .to(
                                        Topics.RECONCILER_DEAD_LETTER,
                                        Produced.with(Serdes.String(), JsonSerde.of(DeadLetter.class))),
                        "dead"));
    }
}
