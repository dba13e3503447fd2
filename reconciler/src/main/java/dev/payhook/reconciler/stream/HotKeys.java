package dev.payhook.reconciler.stream;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The few keys of a store that every settlement line moves (a task's running totals, a day's period
 * totals), kept decoded in front of it: a read of a key this task wrote or read before costs a map
 * lookup instead of decoding its JSON again (a tenth of the reconciler's CPU per line when it did:
 * BENCHMARKS.md, "Issue 34, session 18"). Every write still goes to the store at once, in the record's
 * transaction, so the store and its changelog are exactly what they were without it.
 *
 * <p>Only this task writes these keys, and only through here. A task whose transaction fails is closed
 * and initialised again, which builds its processor's {@code HotKeys} anew from the restored store: a
 * value of an aborted transaction is never read back. Bounded (least recently used first out), so a task
 * of many accounts and days holds at most {@link #CAPACITY} values.
 */
final class HotKeys<V> {

    static final int CAPACITY = 1_024;

    private final KeyValueStore<String, V> store;
    private final Map<String, V> decoded = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
            return size() > CAPACITY;
        }
    };

    HotKeys(KeyValueStore<String, V> store) {
        this.store = store;
    }

    /** The key's value, null when the store has none. */
    V get(String key) {
        V value = decoded.get(key);
        if (value == null) {
            value = store.get(key);
            if (value != null) {
                decoded.put(key, value);
            }
        }
        return value;
    }

    void put(String key, V value) {
        store.put(key, value);
        if (value == null) {
            decoded.remove(key);
        } else {
            decoded.put(key, value);
        }
    }

    /** The store itself, for reading ranges (what it holds is always what was put here). */
    KeyValueStore<String, V> store() {
        return store;
    }
}
