package dev.payhook.reconciler.journal;

import dev.payhook.common.JournalEntry;
import dev.payhook.common.JsonSerde;
import dev.payhook.common.PeriodStatement;
import dev.payhook.common.Sha256;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The journal's tamper-evident chain: each entry's hash covers the previous entry's hash and its own
 * canonical form (its JSON without the hash, fields in declaration order), per chain (one per reconciler
 * partition). Verifying recomputes every hash in sequence order and reports the first entry where the
 * stored hash, the link to the previous one, or the sequence itself disagrees.
 */
public final class JournalChain {

    private JournalChain() {}

    /** The hash an entry must carry, given the previous entry's. */
    public static String hash(JournalEntry entry, String previousHash) {
        String canonical = JsonSerde.MAPPER.writeValueAsString(entry.withoutHash());
        return Sha256.hex((previousHash == null ? "" : previousHash) + "\n" + canonical);
    }

    /** The hash a period statement must carry, given the previous statement's of its chain. */
    public static String hash(PeriodStatement statement, String previousHash) {
        return Sha256.hex((previousHash == null ? "" : previousHash) + "\n"
                + JsonSerde.MAPPER.writeValueAsString(statement.withoutHash()));
    }

    /**
     * The statements' chains, one per account, provider and currency, followed from the first: where one first
     * breaks (a statement whose hash does not match its content, or one no chain reaches), or null.
     */
    public static Break verifyStatements(Collection<PeriodStatement> statements) {
        Map<String, List<PeriodStatement>> byChain = new TreeMap<>();
        statements.forEach(
                s -> byChain.computeIfAbsent(s.chain(), c -> new ArrayList<>()).add(s));
        for (Map.Entry<String, List<PeriodStatement>> chain : byChain.entrySet()) {
            Map<String, PeriodStatement> byPrevious = new TreeMap<>();
            chain.getValue().forEach(s -> byPrevious.put(String.valueOf(s.previousHash()), s));
            String previous = null;
            long sequence = 0;
            for (PeriodStatement s = byPrevious.get("null"); s != null; s = byPrevious.get(previous)) {
                sequence++;
                if (!hash(s, previous).equals(s.hash())) {
                    return new Break(chain.getKey(), sequence, s.key(), "its content does not match its hash");
                }
                previous = s.hash();
            }
            if (sequence != chain.getValue().size()) {
                return new Break(chain.getKey(), sequence + 1, null, "a statement does not link to the one before it");
            }
        }
        return null;
    }

    /** The entry appended after {@code head} (null for the first of its chain). */
    public static JournalEntry append(JournalEntry entry, String chain, JournalEntry head) {
        long sequence = head == null ? 1 : head.sequence() + 1;
        String previous = head == null ? null : head.hash();
        JournalEntry linked = entry.chained(chain, sequence, previous, null);
        return linked.chained(chain, sequence, previous, hash(linked, previous));
    }

    /**
     * Where a chain first breaks.
     *
     * @param sequence the entry's place, or where one is missing
     */
    public record Break(String chain, long sequence, String entryId, String reason) {}

    /** What verifying found: entries per chain, and the first break (null when every chain holds). */
    public record Verification(Map<String, Long> entries, Break firstBreak) {

        public boolean intact() {
            return firstBreak == null;
        }
    }

    public static Verification verify(Collection<JournalEntry> entries) {
        Map<String, List<JournalEntry>> byChain = new TreeMap<>();
        entries.forEach(e -> byChain.computeIfAbsent(String.valueOf(e.chain()), c -> new ArrayList<>())
                .add(e));
        Map<String, Long> counts = new TreeMap<>();
        Break first = null;
        for (Map.Entry<String, List<JournalEntry>> chain : byChain.entrySet()) {
            List<JournalEntry> ordered = new ArrayList<>(chain.getValue());
            ordered.sort(Comparator.comparingLong(JournalEntry::sequence));
            counts.put(chain.getKey(), (long) ordered.size());
            Break broken = firstBreak(chain.getKey(), ordered);
            if (broken != null && first == null) {
                first = broken;
            }
        }
        return new Verification(counts, first);
    }

    private static Break firstBreak(String chain, List<JournalEntry> ordered) {
        String previous = null;
        long expected = 1;
        for (JournalEntry entry : ordered) {
            if (entry.sequence() != expected) {
                return new Break(
                        chain, expected, null, "entry " + expected + " is missing (next is " + entry.sequence() + ")");
            }
            if (!java.util.Objects.equals(entry.previousHash(), previous)) {
                return new Break(chain, entry.sequence(), entry.entryId(), "it does not link to the entry before it");
            }
            if (!hash(entry, previous).equals(entry.hash())) {
                return new Break(chain, entry.sequence(), entry.entryId(), "its content does not match its hash");
            }
            previous = entry.hash();
            expected++;
        }
        return null;
    }
}
