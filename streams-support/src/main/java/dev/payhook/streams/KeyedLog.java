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
 * grow with them. Key: the owner's key (length-prefixed) and a zero-padded sequence number, so a
 * log is one range read in order; a count entry per owner (reading the last entry backwards
 * instead, to save the count's write, made the processor slower in one run each: BENCHMARKS.md). At most
 * {@code maxEntries} per owner: what comes later is not listed (the state it describes is still kept).
 *
 * @param <E> an entry, stored as its serde's text (JSON)
 */
public final class KeyedLog<E> {

    private final Serde<E> serde;
    private final int maxEntries;

    public KeyedLog(Serde<E> serde, int maxEntries) {
        this.serde = serde;
        this.maxEntries = maxEntries;
    }

    /** Appends the entry made for the next sequence number; nothing when the owner's log is full. */
    public void append(KeyValueStore<String, String> store, String owner, LongFunction<E> entryAt) {
        String countKey = owner.length() + ":" + owner + "|count";
        String count = store.get(countKey);
        long sequence = count == null ? 0 : Long.parseLong(count);
        if (sequence >= maxEntries) {
            return;
        }
        store.put(
                key(owner, sequence),
                new String(serde.serializer().serialize(null, entryAt.apply(sequence)), StandardCharsets.UTF_8));
        store.put(countKey, Long.toString(sequence + 1));
    }

    /** The owner's log, oldest first. */
    public List<E> read(ReadOnlyKeyValueStore<String, String> store, String owner) {
        List<E> entries = new ArrayList<>();
        try (KeyValueIterator<String, String> range = store.range(key(owner, 0), key(owner, maxEntries))) {
            range.forEachRemaining(
                    e -> entries.add(serde.deserializer().deserialize(null, e.value.getBytes(StandardCharsets.UTF_8))));
        }
        return entries;
    }

    /**
     * The owner's length first: ids are any text, so without it the log of {@code pay_1} would
     * range over the keys of a payment named {@code pay_1|000007}, and take its numbers.
     */
    private static String key(String owner, long sequence) {
        return String.format("%d:%s|%06d", owner.length(), owner, sequence);
    }
}
