package dev.payhook.reconciler.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The index's keys (zero-padded epoch milliseconds, so that text order is time order, then the payment),
 * and its moves.
 */
class SettlementDueIndexTest {

    @Test
    void keysAreTheZeroPaddedMillisecondThenThePayment() {
        assertThat(SettlementDueIndex.key(Instant.parse("2026-12-06T09:00:00.123Z"), "pay_1"))
                .isEqualTo("0000001796547600123|pay_1");
        assertThat(SettlementDueIndex.key(Instant.EPOCH, "")).isEqualTo("0000000000000000000|");
        assertThat(SettlementDueIndex.key(Instant.ofEpochMilli(-5), "pay_1")).isEqualTo("0000000000000000000|pay_1");
        assertThat(SettlementDueIndex.key(Instant.ofEpochMilli(Long.MAX_VALUE), "p"))
                .isEqualTo(Long.MAX_VALUE + "|p");
    }

    /** A capture's due time moves when a later event changes it: the old entry must not reassess it again. */
    @Test
    void aMovedPaymentIsDueOnlyAtItsNewTime() {
        KeyValueStore<String, String> store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore("due"), Serdes.String(), Serdes.String())
                .withLoggingDisabled()
                .build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        SettlementDueIndex index = new SettlementDueIndex(store);
        Instant monday = Instant.parse("2026-12-07T00:00:00Z");
        Instant wednesday = Instant.parse("2026-12-09T00:00:00Z");

        index.move("pay_1", null, monday);
        index.move("pay_2", null, monday);
        index.move("pay_1", monday, wednesday);
        index.move("pay_2", monday, null);

        assertThat(index.dueBy(monday)).isEmpty();
        assertThat(index.dueBy(wednesday)).containsExactly("pay_1");
    }

    @Test
    void textOrderIsTimeOrder() {
        List<String> keys = new ArrayList<>();
        for (long millis : new long[] {0, 9, 10, 999, 1_000, 1_796_547_600_123L, Long.MAX_VALUE}) {
            keys.add(SettlementDueIndex.key(Instant.ofEpochMilli(millis), "pay_1"));
        }
        assertThat(keys).isSorted();
    }
}
