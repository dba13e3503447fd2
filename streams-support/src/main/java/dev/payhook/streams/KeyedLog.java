package dev.payhook.streams;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Append-only logs, one per key, in one key-value store of text: a payment's timeline, a
 * discrepancy's history. Kept beside the state they describe, not in it, so that state does not
 * grow with them. At most {@code maxEntries} per owner: what comes later is not listed (the state it
 * describes is still kept).
 *
 * <p>An owner's newest entries share one record, its <em>head</em>: its first line says where the
 * head's entries begin and the next entry's number, then one line of JSON per entry. An append is
 * one read and one write (one changelog record); every {@link #PAGE}th moves the full head to a
 * page of its own. Logs written by builds before heads (one record per entry, and a count) are
 * still read, first, and continued after their last entry.
 *
 * <p>An owner's head can also be kept by its caller, inside a record the caller writes anyway (the
 * state the log describes): then an append reads and writes nothing of the log's store but a full
 * page ({@link #appendToKept}).
 *
 * @param <E> an entry, stored as its serde's text (JSON, one line)
 */
public final class KeyedLog<E> {

    /** Entries per record: few enough that rewriting the head stays cheap. */
    static final int PAGE = 16;

    /** The head of an owner with no log yet, for a caller that keeps its owners' heads. */
    public static final String NEW = "0 0\n";

    private final Serde<E> serde;
    private final int maxEntries;

    public KeyedLog(Serde<E> serde, int maxEntries) {
        this.serde = serde;
        this.maxEntries = maxEntries;
    }

    /** Appends the entry made for the next sequence number; nothing when the owner's log is full. */
    public void append(KeyValueStore<String, String> store, String owner, LongFunction<E> entryAt) {
        Head head = Head.parse(store.get(headKey(owner)));
        String appended = append(store, owner, head == null ? legacyHead(store, owner) : head, entryAt);
        if (appended != null) {
            store.put(headKey(owner), appended);
        }
    }

    /**
     * Appends to a log whose head the caller keeps, and returns the head to keep. {@code head} is the
     * caller's ({@link #NEW} for an owner with no log yet: nothing is read, and a read costs even when it
     * finds nothing, BENCHMARKS.md "Issue 34, session 20"), or null where the caller keeps none yet: the
     * owner's log was written with its head in {@code store}, which is continued and moved out of it.
     */
    public String appendToKept(
            KeyValueStore<String, String> store, String owner, String head, LongFunction<E> entryAt) {
        Head kept;
        if (head != null) {
            kept = Head.parse(head);
        } else {
            String stored = store.get(headKey(owner));
            if (stored != null) {
                store.put(headKey(owner), null);
            }
            kept = stored == null ? legacyHead(store, owner) : Head.parse(stored);
        }
        String appended = append(store, owner, kept, entryAt);
        return appended != null ? appended : kept.text();
    }

    /** The head of a log written before heads, or of none: after its last entry. */
    private Head legacyHead(KeyValueStore<String, String> store, String owner) {
        String legacyCount = store.get(prefix(owner) + "count");
        long next = legacyCount == null ? 0 : Long.parseLong(legacyCount);
        return new Head(next, next, "");
    }

    /** The head with the next entry appended (a full head moved to a page first); null when the log is full. */
    private String append(KeyValueStore<String, String> store, String owner, Head head, LongFunction<E> entryAt) {
        if (head.next >= maxEntries) {
            return null;
        }
        if (head.next - head.first == PAGE) {
            store.put(pageKey(owner, head.first), head.entries);
            head = new Head(head.next, head.next, "");
        }
        String entry = new String(serde.serializer().serialize(null, entryAt.apply(head.next)), StandardCharsets.UTF_8);
        return head.first + " " + (head.next + 1) + "\n" + head.entries + entry + "\n";
    }

    /** The owner's log, oldest first. */
    public List<E> read(ReadOnlyKeyValueStore<String, String> store, String owner) {
        return read(store, owner, null);
    }

    /** The owner's log, oldest first, its head as its caller keeps it (null: none kept, the store's). */
    public List<E> read(ReadOnlyKeyValueStore<String, String> store, String owner, String keptHead) {
        List<E> entries = new ArrayList<>();
        try (KeyValueIterator<String, String> legacy = store.range(legacyKey(owner, 0), legacyKey(owner, maxEntries))) {
            legacy.forEachRemaining(e -> entries.add(entry(e.value)));
        }
        try (KeyValueIterator<String, String> pages = store.range(pageKey(owner, 0), pageKey(owner, 999_999))) {
            pages.forEachRemaining(e -> lines(e.value, entries));
        }
        Head head = Head.parse(keptHead != null ? keptHead : store.get(headKey(owner)));
        if (head != null) {
            lines(head.entries, entries);
        }
        return entries;
    }

    private void lines(String text, List<E> into) {
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) {
                into.add(entry(line));
            }
        }
    }

    private E entry(String json) {
        return serde.deserializer().deserialize(null, json.getBytes(StandardCharsets.UTF_8));
    }

    /** The head's first entry's number, the next entry's, and its entries' lines. */
    private record Head(long first, long next, String entries) {

        String text() {
            return first + " " + next + "\n" + entries;
        }

        static Head parse(String value) {
            if (value == null) {
                return null;
            }
            int newline = value.indexOf('\n');
            int space = value.indexOf(' ');
            return new Head(
                    Long.parseLong(value, 0, space, 10),
                    Long.parseLong(value, space + 1, newline, 10),
                    value.substring(newline + 1));
        }
    }

    /**
     * The owner's length first: ids are any text, so without it the log of {@code pay_1} would
     * range over the keys of a payment named {@code pay_1|000007}, and take its numbers.
     */
    private static String prefix(String owner) {
        return owner.length() + ":" + owner + "|";
    }

    private static String headKey(String owner) {
        return prefix(owner) + "head";
    }

    /** A full head, kept under its first entry's number; after the legacy entries' keys in text order. */
    private static String pageKey(String owner, long first) {
        return prefix(owner) + "p" + String.format("%06d", first);
    }

    /** One entry per record, as builds before heads wrote them. */
    private static String legacyKey(String owner, long sequence) {
        return prefix(owner) + String.format("%06d", sequence);
    }
}
