package dev.payhook.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KeyedLogTest {

    /** Entries as text: the sequence number the log gave and a label. */
    private static final Serde<String> TEXT = Serdes.String();

    private final KeyedLog<String> log = new KeyedLog<>(TEXT, 40);
    private KeyValueStore<String, String> store;

    @BeforeEach
    void store() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("log"), Serdes.String(), Serdes.String())
                .withLoggingDisabled()
                .build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    private void append(String owner, String label) {
        log.append(store, owner, sequence -> "\"" + sequence + " " + label + "\"");
    }

    private static List<String> numbered(int from, int to, String label) {
        return IntStream.range(from, to)
                .mapToObj(i -> "\"" + i + " " + label + "\"")
                .toList();
    }

    @Test
    void entriesReadBackInOrderAcrossPagesUpToTheLimit() {
        for (int i = 0; i < 45; i++) {
            append("pay_1", "e");
        }
        // 40 kept (the limit), over two full pages and a head of 8.
        assertThat(log.read(store, "pay_1")).containsExactlyElementsOf(numbered(0, 40, "e"));
        assertThat(store.approximateNumEntries()).isEqualTo(3);
    }

    @Test
    void anAppendWritesOneRecordUntilItsHeadIsFull() {
        for (int i = 0; i < KeyedLog.PAGE; i++) {
            append("pay_1", "e");
        }
        assertThat(store.approximateNumEntries()).isEqualTo(1);
        append("pay_1", "e");
        assertThat(store.approximateNumEntries()).isEqualTo(2);
    }

    @Test
    void anOwnersLogNeverTakesAnotherOwnersEntries() {
        append("pay_1", "a");
        append("pay_1|p000000", "b");
        append("pay_1|head", "c");
        assertThat(log.read(store, "pay_1")).containsExactly("\"0 a\"");
        assertThat(log.read(store, "pay_1|p000000")).containsExactly("\"0 b\"");
        assertThat(log.read(store, "pay_1|head")).containsExactly("\"0 c\"");
    }

    /** As the build before heads wrote a log: one record per entry, and a count. */
    @Test
    void aLogWrittenOneRecordPerEntryIsReadFirstAndContinued() {
        store.put("5:pay_1|000000", "\"0 old\"");
        store.put("5:pay_1|000001", "\"1 old\"");
        store.put("5:pay_1|count", "2");

        append("pay_1", "new");

        assertThat(log.read(store, "pay_1")).containsExactly("\"0 old\"", "\"1 old\"", "\"2 new\"");
    }

    /** A head kept by the caller: the store holds only full pages, and nothing is read from it. */
    @Test
    void aHeadKeptByItsCallerLeavesOnlyFullPagesInTheStore() {
        KeyValueStore<String, String> watched = spy(store);
        String head = KeyedLog.NEW;
        for (int i = 0; i < 45; i++) {
            head = log.appendToKept(watched, "pay_1", head, sequence -> "\"" + sequence + " e\"");
        }
        verify(watched, never()).get(any());
        // 40 kept (the limit): two full pages in the store, a head of 8 with the caller.
        assertThat(store.approximateNumEntries()).isEqualTo(2);
        assertThat(head).startsWith("32 40\n");
        assertThat(log.read(store, "pay_1", head)).containsExactlyElementsOf(numbered(0, 40, "e"));
    }

    /** A log whose head a build before kept in the store: continued, and its head moves to the caller. */
    @Test
    void aHeadInTheStoreIsContinuedAndMovesToTheCaller() {
        for (int i = 0; i < KeyedLog.PAGE + 2; i++) {
            append("pay_1", "old");
        }
        assertThat(store.get("5:pay_1|head")).isNotNull();

        String head = log.appendToKept(store, "pay_1", null, sequence -> "\"" + sequence + " new\"");

        assertThat(store.get("5:pay_1|head")).isNull();
        List<String> expected = new ArrayList<>(numbered(0, KeyedLog.PAGE + 2, "old"));
        expected.add("\"" + (KeyedLog.PAGE + 2) + " new\"");
        assertThat(log.read(store, "pay_1", head)).containsExactlyElementsOf(expected);
    }

    /** Older still: one record per entry and a count; continued after its last entry. */
    @Test
    void aLogWrittenOneRecordPerEntryIsContinuedIntoAKeptHead() {
        store.put("5:pay_1|000000", "\"0 old\"");
        store.put("5:pay_1|count", "1");

        String head = log.appendToKept(store, "pay_1", null, sequence -> "\"" + sequence + " new\"");

        assertThat(log.read(store, "pay_1", head)).containsExactly("\"0 old\"", "\"1 new\"");
    }
}
