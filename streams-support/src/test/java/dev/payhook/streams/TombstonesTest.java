package dev.payhook.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TombstonesTest {

    @TempDir
    File stateDir;

    /** RocksDB, as the indexes are: its delete is the one that reads first. */
    private KeyValueStore<String, String> store() {
        KeyValueStore<String, String> store = Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore("index"), Serdes.String(), Serdes.String())
                .withLoggingDisabled()
                .build();
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "tombstones-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        store.init(new MockProcessorContext<>(config, new TaskId(0, 0), stateDir).getStateStoreContext(), store);
        return store;
    }

    @Test
    void aKeyIsRemovedWithoutBeingRead() {
        KeyValueStore<String, String> store = store();
        try {
            store.put("AUTHORIZED|0000001700000000000|pay_1", "pay_1");
            store.put("AUTHORIZED|0000001700000000001|pay_2", "pay_2");
            KeyValueStore<String, String> watched = spy(store);

            Tombstones.remove(watched, "AUTHORIZED|0000001700000000000|pay_1");
            Tombstones.remove(watched, "AUTHORIZED|0000001799999999999|pay_absent");

            verify(watched, never()).get(any());
            verify(watched, never()).delete(any());
            assertThat(store.get("AUTHORIZED|0000001700000000000|pay_1")).isNull();
            List<String> left = new ArrayList<>();
            try (KeyValueIterator<String, String> all = store.all()) {
                all.forEachRemaining(e -> left.add(e.key + "=" + e.value));
            }
            assertThat(left).containsExactly("AUTHORIZED|0000001700000000001|pay_2=pay_2");
        } finally {
            store.close();
        }
    }
}
