package dev.payhook.reconciler.stream;

import dev.payhook.common.BankLine;
import dev.payhook.common.BankStatement;
import dev.payhook.common.Discrepancy;
import dev.payhook.common.DiscrepancyResolution;
import dev.payhook.common.SettlementBatch;
import dev.payhook.reconciler.matching.BankAccount;
import dev.payhook.reconciler.matching.DiscrepancyLedger;
import dev.payhook.reconciler.matching.ExpectedPayout;
import dev.payhook.reconciler.matching.PayoutMatching;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Payouts against the bank, in the task that owns the breaks of whole batches
 * ({@link dev.payhook.common.Topics#BATCH_BREAKS_PARTITION}): it sees every batch marker with its payouts,
 * and every bank statement is written to its partition. An account is assessed again when a statement
 * for it closes, when a batch brings it payouts and when an operator resolves one of its discrepancies.
 * Whether a payout's window has passed is the bank's word, not the clock's: once the account's statements
 * cover the window's last day without its credit. So a replay decides the same, and statements that stop
 * arriving leave payouts pending (the console shows how late) rather than all "not received". Each
 * assessment goes through the same {@link DiscrepancyLedger} as a payment's, so bank breaks have stable
 * ids, are cleared by later evidence and stay resolved once an operator resolved them.
 */
final class BankLeg {

    /** Keys are {@code <account>|<payout key>} and {@code <account>|<line id>}: one prefix scan reads an account. */
    static final String SEPARATOR = "|";

    private final BankSettings settings;
    private final KeyValueStore<String, ExpectedPayout> payouts;
    private final KeyValueStore<String, BankLine> credits;
    private final KeyValueStore<String, BankStatement> statements;
    private final KeyValueStore<String, BankAccountState> accounts;
    private final DiscrepancyStore discrepancies;
    private final BiConsumer<DiscrepancyLedger.Change, Instant> emit;

    BankLeg(
            ProcessingContext context,
            BankSettings settings,
            DiscrepancyStore discrepancies,
            BiConsumer<DiscrepancyLedger.Change, Instant> emit) {
        this.settings = settings;
        this.payouts = context.getStateStore(ReconciliationTopology.BANK_PAYOUTS_STORE);
        this.credits = context.getStateStore(ReconciliationTopology.BANK_CREDITS_STORE);
        this.statements = context.getStateStore(ReconciliationTopology.BANK_STATEMENTS_STORE);
        this.accounts = context.getStateStore(ReconciliationTopology.BANK_ACCOUNTS_STORE);
        this.discrepancies = discrepancies;
        this.emit = emit;
    }

    /** A batch's payouts are expected on their accounts; those accounts are assessed again. */
    void payouts(SettlementBatch batch, Instant at) {
        Set<String> touched = new TreeSet<>();
        for (ExpectedPayout payout : ExpectedPayout.of(batch, settings.accounts())) {
            String key = key(payout.account(), payout.key());
            if (payouts.get(key) == null) {
                payouts.put(key, payout);
                if (payout.account() != null) {
                    touched.add(payout.account());
                }
            }
        }
        touched.forEach(account -> assess(account, at, Map.of(), null));
    }

    /** A statement's credit is kept until its statement closes; debits are not payouts. */
    void line(BankLine line) {
        if (line.credit()) {
            credits.put(key(BankAccount.normalize(line.account()), line.lineId()), line);
        }
    }

    /** A statement seen before changes nothing; a new one has its accounts assessed again. */
    void statement(BankStatement statement, Instant at) {
        if (statements.get(statement.statementId()) != null) {
            return;
        }
        statements.put(statement.statementId(), statement);
        Map<String, LocalDate> covered = new TreeMap<>();
        statement.coveredThrough().forEach((account, day) -> covered.put(BankAccount.normalize(account), day));
        for (String account : statement.accounts()) {
            String normalized = BankAccount.normalize(account);
            assess(normalized, at, Map.of(), covered.get(normalized));
        }
    }

    /** The account a bank discrepancy is about; null if no account has it. */
    String accountOf(String discrepancyId) {
        try (KeyValueIterator<String, BankAccountState> all = accounts.all()) {
            while (all.hasNext()) {
                BankAccountState state = all.next().value;
                if (state.discrepancies().contains(discrepancyId)) {
                    return state.account();
                }
            }
        }
        return null;
    }

    /** An operator's resolution of a bank discrepancy; false if no account has it. */
    boolean resolve(Discrepancy held, DiscrepancyResolution resolution, Instant at) {
        String account = accountOf(held.discrepancyId());
        if (account == null) {
            return false;
        }
        assess(account, at, Map.of(held.discrepancyId(), resolution), null);
        return true;
    }

    /** @param covered a later day the account's statements now cover, or null */
    private void assess(
            String account, Instant at, Map<String, DiscrepancyResolution> newResolutions, LocalDate covered) {
        BankAccountState stored = accounts.get(account);
        BankAccountState before = stored == null ? BankAccountState.empty(account) : stored;
        LocalDate coveredThrough =
                before.coveredThrough() == null || covered != null && covered.isAfter(before.coveredThrough())
                        ? covered
                        : before.coveredThrough();
        BankAccount config = settings.account(account);
        PayoutMatching.Result result = PayoutMatching.match(
                account,
                config == null ? BankAccount.Netting.PER_PAYOUT : config.netting(),
                read(payouts, account),
                read(credits, account),
                coveredThrough,
                settings.matching());
        Map<String, Discrepancy> previous = new TreeMap<>();
        Map<String, DiscrepancyResolution> resolutions = new TreeMap<>(newResolutions);
        for (String id : before.discrepancies()) {
            Discrepancy held = discrepancies.get(id);
            if (held == null) {
                continue;
            }
            previous.put(id, held);
            if (Discrepancy.BY_OPERATOR.equals(held.resolvedBy())) {
                // An operator's resolution holds for good: the ledger is given it again each time.
                resolutions.putIfAbsent(
                        id, new DiscrepancyResolution(id, null, held.resolution(), held.operator(), held.resolvedAt()));
            }
        }
        DiscrepancyLedger.Entries entries = DiscrepancyLedger.apply(
                null, config == null ? null : config.merchantAccount(), previous, result.findings(), resolutions, at);
        entries.changes().forEach(change -> emit.accept(change, at));
        BankAccountState after = new BankAccountState(
                account,
                result.credits(),
                result.shortPaid(),
                result.dueBy(),
                new TreeSet<>(entries.discrepancies().keySet()),
                coveredThrough,
                before.assessedAt());
        if (!after.equals(before) || !entries.changes().isEmpty()) {
            accounts.put(
                    account,
                    new BankAccountState(
                            account,
                            after.credits(),
                            after.shortPaid(),
                            after.dueBy(),
                            after.discrepancies(),
                            coveredThrough,
                            at));
        }
    }

    private static <V> List<V> read(KeyValueStore<String, V> store, String account) {
        List<V> values = new ArrayList<>();
        try (KeyValueIterator<String, V> all = store.prefixScan(account + SEPARATOR, new StringSerializer())) {
            all.forEachRemaining(entry -> values.add(entry.value));
        }
        return values;
    }

    static String key(String account, String id) {
        return BankAccountState.storeKey(account, id);
    }
}
