package dev.payhook.reconciler.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * Every write reaches the store at once (its changelog is what a restored task reads); a key read or
 * written before is served decoded, and no more than {@link HotKeys#CAPACITY} keys are held.
 */
class HotKeysTest {

    private final KeyValueStore<String, Long> store = store();
    private final HotKeys<Long> hot = new HotKeys<>(store);

    @Test
    void everyWriteReachesTheStore() {
        hot.put("partition-0", 3L);
        hot.put("partition-0", 5L);
        hot.put("partition-0@acct_1", 2L);

        assertThat(store.get("partition-0")).isEqualTo(5L);
        assertThat(store.get("partition-0@acct_1")).isEqualTo(2L);
        hot.put("partition-0", null);
        assertThat(store.get("partition-0")).isNull();
        assertThat(hot.get("partition-0")).isNull();
    }

    @Test
    void aKeyNotHeldIsReadFromTheStore() {
        store.put("partition-1", 7L);

        assertThat(hot.get("partition-1")).isEqualTo(7L);
        assertThat(hot.get("partition-2")).isNull();
        store.put("partition-2", 1L); // a key read as absent is not remembered as absent
        assertThat(hot.get("partition-2")).isEqualTo(1L);
    }

    @Test
    void aKeyHeldIsServedWithoutReadingTheStore() {
        hot.put("partition-0", 5L);
        // Changed behind its back (which nothing in the reconciler does): the decoded value is what is read.
        store.put("partition-0", 99L);

        assertThat(hot.get("partition-0")).isEqualTo(5L);
    }

    @Test
    void theLeastRecentlyUsedKeyLeavesWhenOneMoreThanTheCapacityIsHeld() {
        for (long i = 0; i <= HotKeys.CAPACITY; i++) {
            hot.put("key-" + i, i);
            if (i == HotKeys.CAPACITY - 1) {
                hot.get("key-0"); // used again: now the most recent, so key-1 is the one to leave
            }
        }
        store.put("key-0", -1L);
        store.put("key-1", -1L);
        store.put("key-2", -1L);

        assertThat(hot.get("key-0")).isEqualTo(0L);
        assertThat(hot.get("key-2")).isEqualTo(2L);
        assertThat(hot.get("key-1")).isEqualTo(-1L); // gone from the decoded keys: read from the store
    }

    private static KeyValueStore<String, Long> store() {
        KeyValueStore<String, Long> store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore("totals"), Serdes.String(), Serdes.Long())
                .withLoggingDisabled()
                .build();
        store.init(new MockProcessorContext<String, Object>().getStateStoreContext(), store);
        return store;
    }
}
