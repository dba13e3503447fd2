package dev.payhook.reconciler.stream;

import dev.payhook.common.Discrepancy;
import dev.payhook.common.JournalEntry;
import dev.payhook.common.PeriodClose;
import dev.payhook.common.PeriodClosePart;
import dev.payhook.common.PeriodStatement;
import dev.payhook.common.SettlementBatch;
import dev.payhook.common.SettlementKind;
import dev.payhook.common.SettlementLine;
import dev.payhook.reconciler.journal.JournalChain;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Periods and their close, in each reconciler task. Every settlement line and payout is counted in the
 * day it belongs to (its settlement day, the payout's day) by merchant account, provider and currency; once
 * a period is closed for an account, what arrives later for a day of it is counted in the first open day
 * after it, as an adjustment naming the closed period, and so is a journal entry. A period closes for every
 * account at once, or for some (an operator limited to accounts closes their books, not the others'). On a
 * close, each task sends its part; the task of partition 0 adds the parts up into one statement per account,
 * provider and currency, hash-chained to the same chain's previous statement, and never changes it again.
 */
final class PeriodBook {

    private static final String NO_ADJUSTMENT = "";
    /** Records of no merchant account, in store keys. */
    private static final String NO_ACCOUNT = "";

    private static final String DONE = ReconciliationTopology.PERIOD_STATED;

    private final KeyValueStore<String, PeriodClose> closed;
    private final HotKeys<PeriodStatement.Totals> totals;
    private final KeyValueStore<String, PeriodClosePart> parts;
    private final KeyValueStore<String, PeriodStatement> statements;
    /**
     * The closed periods, read once per task: consulted for every line, changed only by a close. Under
     * {@link #NO_ACCOUNT}, those closed for every account; under an account, those closed for it alone.
     */
    private final Map<String, java.util.SortedSet<String>> closedPeriods = new java.util.HashMap<>();

    PeriodBook(ProcessingContext context) {
        this.closed = context.getStateStore(ReconciliationTopology.CLOSED_PERIODS_STORE);
        try (KeyValueIterator<String, PeriodClose> all = closed.all()) {
            all.forEachRemaining(kv -> remember(kv.key));
        }
        this.totals = new HotKeys<>(context.getStateStore(ReconciliationTopology.PERIOD_TOTALS_STORE));
        this.parts = context.getStateStore(ReconciliationTopology.PERIOD_PARTS_STORE);
        this.statements = context.getStateStore(ReconciliationTopology.PERIOD_STATEMENTS_STORE);
    }

    /** A close as the closed-periods store keeps it: {@code <period>}, or {@code <period>|<account>}. */
    private void remember(String close) {
        int bar = close.indexOf('|');
        String account = bar < 0 ? NO_ACCOUNT : close.substring(bar + 1);
        closedPeriods
                .computeIfAbsent(account, a -> new java.util.TreeSet<>())
                .add(bar < 0 ? close : close.substring(0, bar));
    }

    private static String keyed(String account) {
        return account == null ? NO_ACCOUNT : account;
    }

    /** Whether the period is closed for the account's records (for every account, or for it). */
    private boolean closedFor(String period, String account) {
        return closedPeriods
                        .getOrDefault(NO_ACCOUNT, java.util.Collections.emptySortedSet())
                        .contains(period)
                || !keyed(account).isEmpty()
                        && closedPeriods
                                .getOrDefault(account, java.util.Collections.emptySortedSet())
                                .contains(period);
    }

    /** Whether the day is in a period already closed for the account's records. */
    private boolean inClosed(LocalDate day, String account) {
        return closedPeriodsOf(account).stream().anyMatch(period -> PeriodClose.contains(period, day));
    }

    /** The periods closed for an account's records: for every account, and for it alone. */
    private List<String> closedPeriodsOf(String account) {
        List<String> closedForIt =
                new ArrayList<>(closedPeriods.getOrDefault(NO_ACCOUNT, java.util.Collections.emptySortedSet()));
        if (!keyed(account).isEmpty()) {
            closedForIt.addAll(closedPeriods.getOrDefault(account, java.util.Collections.emptySortedSet()));
        }
        return closedForIt;
    }

    /** Where a day's evidence is booked: the day itself, or the first open day after the closed periods holding it. */
    record Booked(LocalDate day, String adjusts) {}

    Booked booked(LocalDate day, String account) {
        List<String> closedForIt = closedPeriodsOf(account);
        LocalDate booked = day;
        String adjusts = null;
        for (boolean moved = true; moved; ) {
            moved = false;
            for (String period : closedForIt) {
                if (PeriodClose.contains(period, booked)) {
                    adjusts = adjusts == null ? period : adjusts;
                    booked = PeriodClose.last(period).plusDays(1);
                    moved = true;
                }
            }
        }
        return new Booked(booked, adjusts);
    }

    /** A settlement line newly applied: counted where its day is booked. */
    void line(SettlementLine line, boolean matched) {
        LocalDate day = LocalDate.ofInstant(line.settledAt(), java.time.ZoneOffset.UTC);
        long amount = line.amount();
        PeriodStatement.Totals counted = new PeriodStatement.Totals(
                line.kind() == SettlementKind.CAPTURE ? amount : 0,
                line.kind() == SettlementKind.REFUND ? amount : 0,
                line.kind() == SettlementKind.CHARGEBACK ? amount : 0,
                line.fee() == null ? 0 : line.fee(),
                0,
                1,
                matched ? 1 : 0,
                matched ? amount : 0);
        add(day, line.account(), line.format(), line.currency(), counted);
    }

    /** A line already counted that now matched. */
    void matched(SettlementLine line) {
        add(
                LocalDate.ofInstant(line.settledAt(), java.time.ZoneOffset.UTC),
                line.account(),
                line.format(),
                line.currency(),
                new PeriodStatement.Totals(0, 0, 0, 0, 0, 0, 1, line.amount()));
    }

    /**
     * A batch's payouts, counted once (by the task of partition 0) on the days they were paid, in the batch's
     * account; a batch spanning accounts pays out for all of them, so its payouts are counted under none.
     */
    void payouts(SettlementBatch batch) {
        String account =
                batch.accounts().size() == 1 ? batch.accounts().iterator().next() : null;
        batch.payouts().forEach((key, payout) -> payout.transfers().forEach(transfer -> {
            if (transfer.paidOn() != null) {
                add(
                        transfer.paidOn(),
                        account,
                        batch.format(),
                        payout.currency() != null ? payout.currency() : key,
                        new PeriodStatement.Totals(0, 0, 0, 0, transfer.amount(), 0, 0, 0));
            }
        }));
    }

    /** Totals are kept by {@code <day>|<source>|<currency>|<adjusted period>|<account>}. */
    private void add(LocalDate day, String account, String source, String currency, PeriodStatement.Totals more) {
        Booked booked = booked(day, account);
        String key = booked.day() + "|" + source + "|" + currency + "|"
                + (booked.adjusts() == null ? NO_ADJUSTMENT : booked.adjusts()) + "|" + keyed(account);
        PeriodStatement.Totals held = totals.get(key);
        totals.put(key, held == null ? more : held.plus(more));
    }

    /**
     * Closes the period in this task for the close's accounts (every account it is not closed for yet, when
     * it names none) and returns its part: its totals, adjustments, open discrepancies and journal entries by
     * account, provider and currency; null when the task had closed it already.
     */
    PeriodClosePart close(
            PeriodClose close,
            int partition,
            Iterable<Discrepancy> open,
            Iterable<JournalEntry> journal,
            Function<Discrepancy, String> sourceOf) {
        if (close.closes().stream().allMatch(k -> closed.get(k) != null)) {
            return null;
        }
        java.util.function.Predicate<String> covered = account -> !closedFor(close.period(), account)
                && (close.accounts() == null || close.accounts().contains(account));
        LocalDate first = PeriodClose.first(close.period());
        LocalDate last = PeriodClose.last(close.period());
        Map<String, Row> rows = new TreeMap<>();
        try (KeyValueIterator<String, PeriodStatement.Totals> all =
                totals.store().all()) {
            all.forEachRemaining(kv -> {
                String[] key = kv.key.split("\\|", -1);
                LocalDate day = LocalDate.parse(key[0]);
                String account = key.length > 4 ? key[4] : NO_ACCOUNT; // kept before accounts: none
                if (day.isBefore(first) || day.isAfter(last) || !covered.test(account) || inClosed(day, account)) {
                    return; // a day of a period closed before (a day of this month) is in that one's statement
                }
                Row row = rows.computeIfAbsent(account + "|" + key[1] + "|" + key[2], k -> new Row());
                if (key[3].isEmpty()) {
                    row.totals = row.totals.plus(kv.value);
                } else {
                    row.adjustments.merge(key[3], kv.value, PeriodStatement.Totals::plus);
                }
            });
        }
        for (Discrepancy d : open) {
            if (d.isOpen()
                    && covered.test(keyed(d.account()))
                    && !d.detectedAt()
                            .isAfter(last.plusDays(1)
                                    .atStartOfDay(java.time.ZoneOffset.UTC)
                                    .toInstant())) {
                rows.computeIfAbsent(
                                keyed(d.account()) + "|" + sourceOf.apply(d) + "|"
                                        + (d.currency() == null ? "" : d.currency()),
                                k -> new Row())
                        .open
                        .add(new PeriodStatement.Carried(d.discrepancyId(), d.type(), d.amount()));
            }
        }
        for (JournalEntry entry : journal) {
            if (!covered.test(keyed(entry.account()))) {
                continue;
            }
            for (JournalEntry.Line line : entry.lines()) {
                if (!line.account().startsWith("psp-clearing:")) {
                    continue;
                }
                String key = keyed(entry.account()) + "|" + line.account().substring("psp-clearing:".length()) + "|"
                        + line.currency();
                if (!entry.period().isAfter(last)) {
                    Row row = rows.computeIfAbsent(key, k -> new Row());
                    row.clearing = Math.addExact(row.clearing, line.debit() - line.credit());
                    if (!entry.period().isBefore(first)) {
                        row.entries.add(entry.entryId());
                    }
                }
            }
        }
        for (String each : close.closes()) {
            closed.put(each, close);
            remember(each);
        }
        List<PeriodStatement> statementRows = new ArrayList<>();
        rows.forEach((key, row) -> {
            String[] asc = key.split("\\|", -1);
            statementRows.add(new PeriodStatement(
                    close.period(),
                    asc[0].isEmpty() ? null : asc[0],
                    asc[1],
                    asc[2],
                    row.totals,
                    row.adjustments.entrySet().stream()
                            .map(e -> new PeriodStatement.Adjustment(e.getKey(), e.getValue()))
                            .toList(),
                    row.open,
                    row.entries,
                    row.clearing,
                    close.operator(),
                    close.requestedAt(),
                    null,
                    null));
        });
        return new PeriodClosePart(close.period(), partition, close.partitions(), statementRows, close.accounts());
    }

    /**
     * A task's part, at partition 0: kept until every task's part of the same close is in, then the
     * statements, chained; empty until then, and for a close already stated.
     */
    List<PeriodStatement> part(PeriodClosePart part) {
        List<String> closes = PeriodClose.closes(part.period(), part.accounts());
        String held = part.close() + "#";
        if (closes.stream().allMatch(k -> parts.get(DONE + k) != null) || parts.get(held + part.partition()) != null) {
            return List.of();
        }
        parts.put(held + part.partition(), part);
        List<PeriodClosePart> all = new ArrayList<>();
        try (KeyValueIterator<String, PeriodClosePart> each = parts.range(held, held + "~")) {
            each.forEachRemaining(kv -> all.add(kv.value));
        }
        if (all.size() < part.partitions()) {
            return List.of();
        }
        Map<String, PeriodStatement> combined = new TreeMap<>();
        for (PeriodClosePart each : all) {
            for (PeriodStatement row : each.rows()) {
                combined.merge(row.chain(), row, PeriodBook::sum);
            }
        }
        List<PeriodStatement> stated = new ArrayList<>();
        for (PeriodStatement statement : combined.values()) {
            if (statements.get(statement.key()) != null) {
                continue; // stated by an earlier close of the same account: never changed
            }
            PeriodStatement head = statements.get(head(statement));
            String previous = head == null ? null : head.hash();
            PeriodStatement linked = statement.chained(previous, null);
            PeriodStatement chained = linked.chained(previous, JournalChain.hash(linked, previous));
            statements.put(chained.key(), chained);
            statements.put(head(chained), chained);
            stated.add(chained);
        }
        all.forEach(p -> parts.delete(held + p.partition()));
        closes.forEach(k -> parts.put(DONE + k, part));
        return stated;
    }

    /** The store key of a chain's latest statement. */
    private static String head(PeriodStatement statement) {
        return "head|" + statement.chain();
    }

    private static PeriodStatement sum(PeriodStatement a, PeriodStatement b) {
        Map<String, PeriodStatement.Totals> adjustments = new TreeMap<>();
        a.adjustments().forEach(x -> adjustments.merge(x.adjustsPeriod(), x.totals(), PeriodStatement.Totals::plus));
        b.adjustments().forEach(x -> adjustments.merge(x.adjustsPeriod(), x.totals(), PeriodStatement.Totals::plus));
        List<PeriodStatement.Carried> open = new ArrayList<>(a.open());
        open.addAll(b.open());
        open.sort(java.util.Comparator.comparing(PeriodStatement.Carried::discrepancyId));
        List<String> entries = new ArrayList<>(a.journalEntries());
        entries.addAll(b.journalEntries());
        entries.sort(null);
        return new PeriodStatement(
                a.period(),
                a.account(),
                a.source(),
                a.currency(),
                a.totals().plus(b.totals()),
                adjustments.entrySet().stream()
                        .map(e -> new PeriodStatement.Adjustment(e.getKey(), e.getValue()))
                        .toList(),
                open,
                entries,
                Math.addExact(a.clearingBalance(), b.clearingBalance()),
                a.operator(),
                a.closedAt(),
                null,
                null);
    }

    private static final class Row {
        PeriodStatement.Totals totals = PeriodStatement.Totals.NONE;
        final Map<String, PeriodStatement.Totals> adjustments = new TreeMap<>();
        final List<PeriodStatement.Carried> open = new ArrayList<>();
        final List<String> entries = new ArrayList<>();
        long clearing;
    }
}
