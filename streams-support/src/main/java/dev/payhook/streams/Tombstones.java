package dev.payhook.streams;

import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Removing a key from a store without reading it first. Kafka Streams' {@link KeyValueStore#delete}
 * returns the old value, so every layer under it reads the key before it writes the tombstone: a
 * RocksDB get through the metered and logging layers and JNI, paid even when the caller has no use
 * for the value. A put of null removes the key the same way (the same RocksDB delete, the same
 * changelog tombstone) without that read. A reconciler profile found the read in the indexes' moves,
 * which run for most lines and many events (BENCHMARKS.md, "Issue 34, session 21").
 */
public final class Tombstones {

    private Tombstones() {}

    /** Removes the key (nothing to remove is fine: a tombstone for an absent key changes nothing). */
    public static <K, V> void remove(KeyValueStore<K, V> store, K key) {
        store.put(key, null);
    }
}
