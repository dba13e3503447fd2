package dev.payhook.reconciler.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.Discrepancy;
import dev.payhook.common.DiscrepancyStatus;
import dev.payhook.common.DiscrepancyType;
import dev.payhook.common.JournalEntry;
import dev.payhook.common.ResolutionAction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The journal's two promises, for any input: every entry balances per currency, and the chain verifies
 * after any sequence of postings and reversals, and fails exactly where a stored entry was altered or
 * one went missing.
 */
class JournalPropertiesTest {

    @Provide
    Arbitrary<String> currencies() {
        return Arbitraries.of("EUR", "JPY", "KWD", "USD", "GBP");
    }

    @Property(tries = 500)
    void everyEntryBalancesPerCurrency(
            @ForAll DiscrepancyType type,
            @ForAll ResolutionAction action,
            @ForAll @LongRange(min = -1_000_000_000_000L, max = 1_000_000_000_000L) long amount,
            @ForAll("currencies") String currency) {
        Discrepancy d = discrepancy("dsc_1", type, amount, currency);

        JournalEntry entry = Journal.entry(
                d,
                action,
                "finance",
                "note",
                Instant.parse("2026-11-30T12:00:00Z"),
                new Journal.Subject("stripe", "DE89370400440532013000"),
                ChartOfAccounts.DEFAULT);

        if (action == ResolutionAction.EXPLAINED || amount == 0) {
            assertThat(entry).isNull();
            return;
        }
        assertThat(Journal.imbalance(entry.lines())).containsOnlyKeys(currency).containsValue(0L);
        assertThat(entry.lines()).allSatisfy(line -> {
            assertThat(line.debit() == 0 ^ line.credit() == 0).isTrue();
            assertThat(line.debit()).isNotNegative();
            assertThat(line.credit()).isNotNegative();
        });
        JournalEntry reversal =
                Journal.reversal(entry, "finance", "wrong action", Instant.parse("2026-12-01T08:00:00Z"));
        List<JournalEntry.Line> both = new ArrayList<>(entry.lines());
        both.addAll(reversal.lines());
        assertThat(Journal.imbalance(reversal.lines())).containsValue(0L);
        // An entry and its reversal leave every account as it was.
        assertThat(both.stream()
                        .collect(java.util.stream.Collectors.groupingBy(
                                JournalEntry.Line::account,
                                java.util.stream.Collectors.summingLong(l -> l.debit() - l.credit())))
                        .values())
                .containsOnly(0L);
    }

    @Property(tries = 200)
    void theChainVerifiesAndBreaksExactlyWhereAnEntryWasAlteredOrLost(
            @ForAll @IntRange(min = 1, max = 40) int postings,
            @ForAll @IntRange(min = 0, max = 39) int tampered,
            @ForAll boolean lose) {
        List<JournalEntry> chain = new ArrayList<>();
        JournalEntry head = null;
        for (int i = 0; i < postings; i++) {
            Discrepancy d = discrepancy("dsc_" + i, DiscrepancyType.FEE_MISMATCH, 100 + i, "EUR");
            JournalEntry entry = i % 3 == 2 && head != null
                    ? Journal.reversal(
                            head,
                            "finance",
                            null,
                            Instant.parse("2026-11-30T12:00:00Z").plusSeconds(i))
                    : Journal.entry(
                            d,
                            ResolutionAction.FEE_ADJUSTMENT,
                            "finance",
                            null,
                            Instant.parse("2026-11-30T12:00:00Z").plusSeconds(i),
                            new Journal.Subject("adyen", null),
                            ChartOfAccounts.DEFAULT);
            head = JournalChain.append(entry, "reconciler-0", head);
            chain.add(head);
        }
        assertThat(JournalChain.verify(chain).intact()).isTrue();
        assertThat(JournalChain.verify(chain).entries()).containsEntry("reconciler-0", (long) postings);

        int at = tampered % postings;
        List<JournalEntry> altered = new ArrayList<>(chain);
        if (lose) {
            altered.remove(at);
        } else {
            JournalEntry original = altered.get(at);
            List<JournalEntry.Line> lines = new ArrayList<>(original.lines());
            JournalEntry.Line first = lines.get(0);
            lines.set(0, new JournalEntry.Line(first.account(), first.debit() + 1, first.credit(), first.currency()));
            altered.set(
                    at,
                    new JournalEntry(
                            original.entryId(),
                            original.date(),
                            original.period(),
                            original.adjustsPeriod(),
                            original.discrepancyId(),
                            original.account(),
                            original.action(),
                            original.reverses(),
                            original.operator(),
                            original.postedAt(),
                            original.memo(),
                            original.reference(),
                            lines,
                            original.chain(),
                            original.sequence(),
                            original.previousHash(),
                            original.hash()));
        }

        JournalChain.Verification verified = JournalChain.verify(altered);
        if (lose && at == postings - 1) {
            // Losing the last entry leaves a shorter chain that still holds: the count shows it.
            assertThat(verified.intact()).isTrue();
            assertThat(verified.entries().getOrDefault("reconciler-0", 0L)).isEqualTo(postings - 1L);
        } else {
            assertThat(verified.firstBreak()).isNotNull();
            assertThat(verified.firstBreak().sequence()).isEqualTo(at + 1L);
        }
    }

    private static Discrepancy discrepancy(String id, DiscrepancyType type, long amount, String currency) {
        return new Discrepancy(
                id,
                type,
                "pay_1",
                "acct_1",
                new Discrepancy.Finding("expected", "actual"),
                DiscrepancyStatus.RESOLVED,
                Instant.parse("2026-11-29T10:00:00Z"),
                new Discrepancy.Evidence("stl_1", "ref_1", amount, currency),
                null);
    }
}
