package dev.payhook.reconciler.report;

import dev.payhook.common.BankLine;
import dev.payhook.common.Discrepancy;
import dev.payhook.common.JournalEntry;
import dev.payhook.common.JsonSerde;
import dev.payhook.common.PeriodClose;
import dev.payhook.common.PeriodClosePart;
import dev.payhook.common.PeriodStatement;
import dev.payhook.common.ReportCollection;
import dev.payhook.common.SettlementBatch;
import dev.payhook.common.Topics;
import dev.payhook.common.api.DiscrepancyPage;
import dev.payhook.reconciler.matching.BankAccount;
import dev.payhook.reconciler.matching.DiscrepancyIds;
import dev.payhook.reconciler.matching.ExpectedPayout;
import dev.payhook.reconciler.stream.BankAccountState;
import dev.payhook.reconciler.stream.DiscrepancyCounts;
import dev.payhook.reconciler.stream.DiscrepancyFilter;
import dev.payhook.reconciler.stream.DiscrepancyHistory;
import dev.payhook.reconciler.stream.DiscrepancyIndex;
import dev.payhook.reconciler.stream.PaymentReconciliation;
import dev.payhook.reconciler.stream.ReconciliationTopology;
import dev.payhook.reconciler.stream.ReconciliationTotals;
import dev.payhook.streams.KeyOwner;
import dev.payhook.streams.Peers;
import dev.payhook.web.operators.Operator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.streams.KafkaStreamsInteractiveQueryService;
import org.springframework.stereotype.Component;

/**
 * Reads the reconciler's stores: this instance's tasks directly, every other instance's through
 * its {@code /reconciliation/local} endpoint ({@code application.server} says where).
 */
@Component
public class ReconciliationQueries {

    private static final Logger log = LoggerFactory.getLogger(ReconciliationQueries.class);
    private static final JsonSerde<ReportCollection> COLLECTIONS = JsonSerde.of(ReportCollection.class);

    /** The reconciler reading its own stores for its metrics: every account's records. */
    public static final Operator ITSELF = new Operator("payhook-reconciler");

    private final KafkaStreamsInteractiveQueryService queries;
    private final StreamsBuilderFactoryBean streams;
    private final Peers peers;
    private final KeyOwner owner;

    ReconciliationQueries(KafkaStreamsInteractiveQueryService queries, StreamsBuilderFactoryBean streams, Peers peers) {
        this.queries = queries;
        this.streams = streams;
        this.peers = peers;
        this.owner = new KeyOwner(queries, peers);
    }

    /**
     * A peer's path asking for one account (the console's selector), so the other instance narrows its
     * answer alike; the path unchanged when none is asked for.
     */
    static String withAccount(String path, String account) {
        return account == null || account.isBlank()
                ? path
                : path + (path.contains("?") ? "&" : "?") + "account="
                        + URLEncoder.encode(account, StandardCharsets.UTF_8);
    }

    /**
     * The summary's figures of the operator's accounts, from every instance.
     *
     * @param account the one account asked for (the console's selector), else null; {@code operator} is
     *                already narrowed to it, and the other instances narrow to it alike
     */
    public LocalReconciliation everywhere(Operator operator, String account) {
        Map<String, Long> counts = new HashMap<>();
        ReconciliationTotals totals = ReconciliationTotals.NONE;
        TreeSet<String> batches = new TreeSet<>();
        TreeSet<String> accounts = new TreeSet<>();
        for (LocalReconciliation part : peers.askAll(
                streams,
                queries,
                () -> Optional.of(local(operator)),
                withAccount("/reconciliation/local", account),
                ParameterizedTypeReference.forType(LocalReconciliation.class))) {
            part.counts().forEach((key, count) -> counts.merge(key, count, Long::sum));
            totals = totals.plus(part.totals(), 1);
            batches.addAll(part.batches());
            accounts.addAll(part.accounts());
        }
        return new LocalReconciliation(counts, totals, batches, accounts);
    }

    /**
     * One discrepancy with its evidence and history, from whichever instance holds it; empty when there is
     * none, or it is of an account the operator may not see (the same answer: its existence does not show).
     */
    public Optional<DiscrepancyDetail> discrepancy(String discrepancyId, Operator operator) {
        if (!DiscrepancyIds.FORMAT.matcher(discrepancyId).matches()) {
            return Optional.empty();
        }
        return peers
                .askAll(
                        streams,
                        queries,
                        () -> localDiscrepancy(discrepancyId, operator),
                        "/reconciliation/discrepancies/" + discrepancyId + "/local",
                        ParameterizedTypeReference.forType(DiscrepancyDetail.class))
                .stream()
                .findFirst();
    }

    /**
     * The discrepancy from this instance's stores: the task that found it holds its payment too
     * (same key), and every task holds every batch.
     */
    Optional<DiscrepancyDetail> localDiscrepancy(String discrepancyId, Operator operator) {
        Discrepancy d = store(ReconciliationTopology.DISCREPANCIES_STORE, Discrepancy.class)
                .get(discrepancyId);
        if (d == null || !operator.sees(d.account())) {
            return Optional.empty();
        }
        SettlementBatch batch = d.batchId() == null
                ? null
                : store(ReconciliationTopology.BATCHES_STORE, SettlementBatch.class)
                        .get(d.batchId());
        return Optional.of(new DiscrepancyDetail(
                d,
                d.paymentId() == null ? null : localPayment(d.paymentId(), operator),
                // A batch of several accounts shows other accounts' rows: only to whom may see them all.
                batch == null || !operator.seesAll(batch.accounts()) ? null : batch,
                DiscrepancyHistory.of(
                        store(ReconciliationTopology.DISCREPANCY_HISTORY_STORE, String.class), discrepancyId)));
    }

    /** What the reconciler holds for a payment of the operator's accounts, from the instance that owns it. */
    public Optional<PaymentReconciliation> payment(String paymentId, Operator operator) {
        return owner.find(
                ReconciliationTopology.PAYMENTS_STORE,
                paymentId,
                "/reconciliation/payments/" + URLEncoder.encode(paymentId, StandardCharsets.UTF_8) + "/local",
                PaymentReconciliation.class,
                () -> Optional.ofNullable(localPayment(paymentId, operator)));
    }

    /** What this instance holds for a payment it owns; null if nothing, or of an account not the operator's. */
    PaymentReconciliation localPayment(String paymentId, Operator operator) {
        PaymentReconciliation payment = store(ReconciliationTopology.PAYMENTS_STORE, PaymentReconciliation.class)
                .get(paymentId);
        return payment == null || !operator.sees(payment.account()) ? null : payment;
    }

    /**
     * A page of discrepancies from every instance: each returns its own first {@code limit} after the
     * cursor, and the merge keeps the first {@code limit} of all of them, in the same order.
     */
    DiscrepancyPage page(DiscrepancyFilter filter, String after, boolean newestFirst, int limit) {
        List<Discrepancy> merged = new ArrayList<>();
        peers.askAll(
                        streams,
                        queries,
                        () -> Optional.of(localPage(filter, after, newestFirst, limit)),
                        "/reconciliation/discrepancies/page/local?"
                                + DiscrepancyPages.query(filter, after, newestFirst, limit),
                        new ParameterizedTypeReference<List<Discrepancy>>() {})
                .forEach(merged::addAll);
        Comparator<String> order = newestFirst ? Comparator.reverseOrder() : Comparator.naturalOrder();
        merged.sort(Comparator.comparing(DiscrepancyIndex::cursor, order));
        return DiscrepancyPages.of(merged, null, newestFirst, limit);
    }

    List<Discrepancy> localPage(DiscrepancyFilter filter, String after, boolean newestFirst, int limit) {
        // One store per partition: the store over all of them reads them one after another, not in key order.
        KafkaStreams kafkaStreams = streams.getKafkaStreams();
        if (kafkaStreams == null) {
            throw new IllegalStateException("the reconciler's streams are not started");
        }
        List<ReadOnlyKeyValueStore<String, String>> indexes = kafkaStreams.metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .map(task -> task.taskId().partition())
                .distinct()
                .map(partition -> kafkaStreams.store(StoreQueryParameters.fromNameAndType(
                                ReconciliationTopology.DISCREPANCY_INDEX_STORE,
                                QueryableStoreTypes.<String, String>keyValueStore())
                        .withPartition(partition)))
                .toList();
        return DiscrepancyIndex.page(
                indexes,
                store(ReconciliationTopology.DISCREPANCIES_STORE, Discrepancy.class),
                filter,
                after,
                newestFirst,
                limit);
    }

    /**
     * This instance's running counts of the operator's accounts: an operator of every account reads each
     * task's totals, one limited to accounts each of its accounts' totals; never the payments themselves.
     */
    LocalReconciliation local(Operator operator) {
        Map<String, Long> counts = DiscrepancyCounts.read(
                store(ReconciliationTopology.DISCREPANCY_COUNTS_STORE, Long.class), operator::sees);
        ReconciliationTotals totals = ReconciliationTotals.NONE;
        TreeSet<String> accounts = new TreeSet<>();
        try (KeyValueIterator<String, ReconciliationTotals> all = store(
                        ReconciliationTopology.TOTALS_STORE, ReconciliationTotals.class)
                .all()) {
            while (all.hasNext()) {
                var kv = all.next();
                if (ReconciliationTotals.isPerAccount(kv.key)
                        && ReconciliationTotals.accountOf(kv.key) != null
                        && operator.sees(ReconciliationTotals.accountOf(kv.key))) {
                    accounts.add(ReconciliationTotals.accountOf(kv.key));
                }
                boolean counted = operator.isScoped()
                        ? ReconciliationTotals.isPerAccount(kv.key)
                                && operator.sees(ReconciliationTotals.accountOf(kv.key))
                        : !ReconciliationTotals.isPerAccount(kv.key);
                if (counted) {
                    totals = totals.plus(kv.value, 1);
                }
            }
        }
        TreeSet<String> batches = new TreeSet<>();
        try (KeyValueIterator<String, SettlementBatch> all = store(
                        ReconciliationTopology.BATCHES_STORE, SettlementBatch.class)
                .all()) {
            all.forEachRemaining(b -> {
                if (operator.seesAll(b.value.accounts())) {
                    batches.add(b.key);
                }
            });
        }
        return new LocalReconciliation(counts, totals, batches, accounts);
    }

    /**
     * The settlement batches received, newest upload first: every task holds every batch (its marker
     * reaches every partition), so this instance's stores have them all.
     */
    public List<SettlementBatch> batches(int limit, Operator operator) {
        Map<String, SettlementBatch> byId = new HashMap<>();
        try (KeyValueIterator<String, SettlementBatch> all = store(
                        ReconciliationTopology.BATCHES_STORE, SettlementBatch.class)
                .all()) {
            all.forEachRemaining(b -> {
                if (operator.seesAll(b.value.accounts())) {
                    byId.put(b.key, b.value);
                }
            });
        }
        return byId.values().stream()
                .sorted(Comparator.comparing(
                                SettlementBatch::uploadedAt, Comparator.nullsLast(Comparator.reverseOrder()))
                        .thenComparing(SettlementBatch::batchId))
                .limit(limit)
                .toList();
    }

    /**
     * What the collector has collected, source by source, from the global table every instance holds
     * whole. A record this build cannot read is left out.
     */
    public List<CollectionStatus> collections() {
        List<ReportCollection> collections = new java.util.ArrayList<>();
        try (KeyValueIterator<String, byte[]> all =
                store(ReconciliationTopology.COLLECTIONS_STORE, byte[].class).all()) {
            all.forEachRemaining(record -> {
                try {
                    collections.add(COLLECTIONS.deserialize(Topics.REPORT_COLLECTIONS, record.value));
                } catch (RuntimeException unreadable) {
                    log.warn("report collection {} unreadable, left out: {}", record.key, unreadable.getMessage());
                }
            });
        }
        return CollectionStatus.of(collections);
    }

    /**
     * The bank leg, from the instance whose task owns {@link Topics#BATCH_BREAKS_PARTITION} (the others
     * answer nothing); while no instance has it (a rebalance), the stores are not available.
     */
    public BankReconciliation bank(
            Map<String, BankAccount> configured,
            String account,
            BankReconciliation.Status status,
            int limit,
            Operator operator) {
        String path = withAccount(
                "/reconciliation/payouts/local?limit=" + limit + (status == null ? "" : "&status=" + status), account);
        return peers
                .askAll(
                        streams,
                        queries,
                        () -> localBank(configured, account, status, limit, operator),
                        path,
                        ParameterizedTypeReference.forType(BankReconciliation.class))
                .stream()
                .findFirst()
                .orElseThrow(() -> new InvalidStateStoreException("no instance holds the bank leg yet"));
    }

    /**
     * The journal entries of a period (a day {@code 2026-11-30}, a month {@code 2026-11}; null: all), from
     * every instance, in the order they were booked: by day, then chain and place in it.
     */
    public List<JournalEntry> journal(String period, Operator operator) {
        return journal(period, null, operator);
    }

    /** The journal entries of a period, of one account (null: every account the operator may see). */
    public List<JournalEntry> journal(String period, String account, Operator operator) {
        Operator viewing = operator.within(account);
        String path = withAccount("/journal/local" + (period == null ? "" : "?period=" + period), account);
        List<JournalEntry> all = new ArrayList<>();
        peers.askAll(
                        streams,
                        queries,
                        () -> Optional.of(localJournal(period, viewing)),
                        path,
                        new ParameterizedTypeReference<List<JournalEntry>>() {})
                .forEach(all::addAll);
        all.sort(Comparator.comparing(JournalEntry::period)
                .thenComparing(JournalEntry::chain)
                .thenComparingLong(JournalEntry::sequence));
        return all;
    }

    List<JournalEntry> localJournal(String period, Operator operator) {
        List<JournalEntry> entries = new ArrayList<>();
        try (KeyValueIterator<String, JournalEntry> all =
                store(ReconciliationTopology.JOURNAL_STORE, JournalEntry.class).all()) {
            all.forEachRemaining(e -> {
                if ((period == null || e.value.period().toString().startsWith(period))
                        && operator.sees(e.value.account())) {
                    entries.add(e.value);
                }
            });
        }
        return entries;
    }

    /**
     * The periods as an operator sees them: days and months with activity in their accounts, the periods
     * whose close for their accounts is being added up, and those closed for all their accounts, with the
     * statements of their accounts (a period closed for some accounts only shows theirs, and stays open).
     *
     * @param closing periods with a close in progress that overlaps the operator's accounts
     */
    public record Periods(
            java.util.SortedSet<String> active,
            java.util.SortedSet<String> closing,
            java.util.SortedSet<String> closed,
            java.util.SortedMap<String, List<PeriodStatement>> statements) {}

    /**
     * An instance's share, as the stores hold it, of what the operator may see: its days with activity, the
     * closes its tasks applied and those whose statements are made ({@code <period>} for every account,
     * {@code <period>|<account>} for one), and the statements it holds.
     */
    public record LocalPeriods(
            java.util.SortedSet<String> active,
            java.util.SortedSet<String> applied,
            java.util.SortedSet<String> stated,
            List<PeriodStatement> statements) {}

    /**
     * The periods, from every instance.
     *
     * @param account the one account asked for (the console's selector), else null; {@code operator} is
     *                already narrowed to it, and the other instances narrow to it alike
     */
    public Periods periods(Operator operator, String account) {
        java.util.SortedSet<String> active = new TreeSet<>();
        java.util.SortedSet<String> applied = new TreeSet<>();
        java.util.SortedSet<String> stated = new TreeSet<>();
        java.util.SortedMap<String, List<PeriodStatement>> statements = new java.util.TreeMap<>();
        for (LocalPeriods part : peers.askAll(
                streams,
                queries,
                () -> Optional.of(localPeriods(operator)),
                withAccount("/reconciliation/periods/local", account),
                ParameterizedTypeReference.forType(LocalPeriods.class))) {
            active.addAll(part.active());
            applied.addAll(part.applied());
            stated.addAll(part.stated());
            part.statements().forEach(s -> statements
                    .computeIfAbsent(s.period(), p -> new ArrayList<>())
                    .add(s));
        }
        java.util.SortedSet<String> closed = new TreeSet<>();
        java.util.SortedSet<String> closing = new TreeSet<>();
        applied.forEach(close -> {
            String period = close.contains("|") ? close.substring(0, close.indexOf('|')) : close;
            if (closes(stated, period, operator)) {
                closed.add(period);
            } else if (!stated.contains(close)) {
                closing.add(period);
            }
        });
        active.removeAll(closed);
        active.removeAll(closing);
        // A day of a closed month is stated in the month's statement: it is not open.
        active.removeIf(day -> day.length() == 10 && closed.contains(day.substring(0, 7)));
        return new Periods(active, closing, closed, statements);
    }

    /** Whether these closes close the period for every account the operator may see. */
    private static boolean closes(java.util.Set<String> closes, String period, Operator operator) {
        return closes.contains(period)
                || operator.isScoped()
                        && !operator.accounts().isEmpty()
                        && operator.accounts().stream().allMatch(a -> closes.contains(period + "|" + a));
    }

    /** This instance's share of the periods, limited to what the operator may see. */
    LocalPeriods localPeriods(Operator operator) {
        java.util.SortedSet<String> active = new TreeSet<>();
        try (KeyValueIterator<String, PeriodStatement.Totals> all = store(
                        ReconciliationTopology.PERIOD_TOTALS_STORE, PeriodStatement.Totals.class)
                .all()) {
            all.forEachRemaining(kv -> {
                // <day>|<source>|<currency>|<adjusted period>|<account>; kept before accounts: no account
                String[] key = kv.key.split("\\|", -1);
                if (operator.sees(key.length > 4 && !key[4].isEmpty() ? key[4] : null)) {
                    active.add(key[0]);
                    active.add(key[0].substring(0, 7));
                }
            });
        }
        java.util.SortedSet<String> applied = new TreeSet<>();
        try (KeyValueIterator<String, PeriodClose> all = store(
                        ReconciliationTopology.CLOSED_PERIODS_STORE, PeriodClose.class)
                .all()) {
            all.forEachRemaining(kv -> applied.add(kv.key));
        }
        java.util.SortedSet<String> stated = new TreeSet<>();
        try (KeyValueIterator<String, PeriodClosePart> all = store(
                        ReconciliationTopology.PERIOD_PARTS_STORE, PeriodClosePart.class)
                .range(ReconciliationTopology.PERIOD_STATED, ReconciliationTopology.PERIOD_STATED + "~")) {
            all.forEachRemaining(kv -> stated.add(kv.key.substring(ReconciliationTopology.PERIOD_STATED.length())));
        }
        List<PeriodStatement> statements = new ArrayList<>();
        try (KeyValueIterator<String, PeriodStatement> all = store(
                        ReconciliationTopology.PERIOD_STATEMENTS_STORE, PeriodStatement.class)
                .all()) {
            all.forEachRemaining(kv -> {
                if (kv.key.startsWith("head|")) {
                    return;
                }
                if (kv.value.account() == null) {
                    // Made by a close of every account; those made before closes were marked stated have no mark.
                    stated.add(kv.value.period());
                }
                if (operator.sees(kv.value.account())) {
                    statements.add(kv.value);
                }
            });
        }
        java.util.function.Predicate<String> seen =
                close -> !close.contains("|") || operator.sees(close.substring(close.indexOf('|') + 1));
        applied.removeIf(seen.negate());
        stated.removeIf(seen.negate());
        return new LocalPeriods(active, applied, stated, statements);
    }

    /** The bank account a bank discrepancy is about, from the instance that holds the bank leg; null if none. */
    public String bankAccountOf(String discrepancyId, Operator operator) {
        return peers
                .askAll(
                        streams,
                        queries,
                        () -> Optional.ofNullable(localBankAccountOf(discrepancyId, operator)),
                        "/reconciliation/discrepancies/" + discrepancyId + "/bank-account/local",
                        ParameterizedTypeReference.forType(String.class))
                .stream()
                .findFirst()
                .orElse(null);
    }

    String localBankAccountOf(String discrepancyId, Operator operator) {
        Discrepancy d = store(ReconciliationTopology.DISCREPANCIES_STORE, Discrepancy.class)
                .get(discrepancyId);
        if (d == null || !operator.sees(d.account())) {
            return null;
        }
        try (KeyValueIterator<String, BankAccountState> all = store(
                        ReconciliationTopology.BANK_ACCOUNTS_STORE, BankAccountState.class)
                .all()) {
            while (all.hasNext()) {
                BankAccountState state = all.next().value;
                if (state.discrepancies().contains(discrepancyId)) {
                    return state.account();
                }
            }
        }
        return null;
    }

    /**
     * By account, the last day its statements cover, from this instance's stores: empty unless it holds
     * the task that owns the bank leg.
     */
    Map<String, LocalDate> localBankCoverage() {
        Map<String, LocalDate> covered = new HashMap<>();
        try (KeyValueIterator<String, BankAccountState> all = store(
                        ReconciliationTopology.BANK_ACCOUNTS_STORE, BankAccountState.class)
                .all()) {
            all.forEachRemaining(s -> {
                if (s.value.coveredThrough() != null) {
                    covered.put(s.key, s.value.coveredThrough());
                }
            });
        }
        return covered;
    }

    Optional<BankReconciliation> localBank(
            Map<String, BankAccount> configured,
            String account,
            BankReconciliation.Status status,
            int limit,
            Operator operator) {
        KafkaStreams kafkaStreams = streams.getKafkaStreams();
        boolean owner = kafkaStreams != null
                && kafkaStreams.metadataForLocalThreads().stream()
                        .flatMap(thread -> thread.activeTasks().stream())
                        .anyMatch(task -> task.taskId().partition() == Topics.BATCH_BREAKS_PARTITION);
        if (!owner) {
            return Optional.empty();
        }
        List<ExpectedPayout> payouts = new ArrayList<>();
        try (KeyValueIterator<String, ExpectedPayout> all = store(
                        ReconciliationTopology.BANK_PAYOUTS_STORE, ExpectedPayout.class)
                .all()) {
            all.forEachRemaining(p -> payouts.add(p.value));
        }
        Map<String, BankAccountState> states = new HashMap<>();
        try (KeyValueIterator<String, BankAccountState> all = store(
                        ReconciliationTopology.BANK_ACCOUNTS_STORE, BankAccountState.class)
                .all()) {
            all.forEachRemaining(s -> states.put(s.key, s.value));
        }
        ReadOnlyKeyValueStore<String, BankLine> credits =
                store(ReconciliationTopology.BANK_CREDITS_STORE, BankLine.class);
        ReadOnlyKeyValueStore<String, Discrepancy> discrepancies =
                store(ReconciliationTopology.DISCREPANCIES_STORE, Discrepancy.class);
        BankReconciliation all = BankReconciliation.of(
                configured,
                payouts,
                states,
                credits::get,
                discrepancies::get,
                LocalDate.now(ZoneOffset.UTC),
                account,
                status,
                limit);
        // An operator limited to accounts sees only the bank accounts configured for them, nothing a
        // statement alone names and no payout without an account.
        return Optional.of(
                operator.isScoped()
                        ? all.within(configured.values().stream()
                                .map(BankAccount::account)
                                .collect(java.util.stream.Collectors.toSet()))
                        : all);
    }

    /** One batch of the operator's accounts: its totals, payouts and the rows it rejected, from this instance. */
    public Optional<SettlementBatch> batch(String batchId, Operator operator) {
        return Optional.ofNullable(store(ReconciliationTopology.BATCHES_STORE, SettlementBatch.class)
                        .get(batchId))
                .filter(batch -> operator.seesAll(batch.accounts()));
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name, Class<V> type) {
        return queries.retrieveQueryableStore(name, QueryableStoreTypes.<String, V>keyValueStore());
    }
}
