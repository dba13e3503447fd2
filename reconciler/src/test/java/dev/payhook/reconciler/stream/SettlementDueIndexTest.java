package dev.payhook.reconciler.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The index's keys: zero-padded epoch milliseconds, so that text order is time order, then the payment. */
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

    @Test
    void textOrderIsTimeOrder() {
        List<String> keys = new ArrayList<>();
        for (long millis : new long[] {0, 9, 10, 999, 1_000, 1_796_547_600_123L, Long.MAX_VALUE}) {
            keys.add(SettlementDueIndex.key(Instant.ofEpochMilli(millis), "pay_1"));
        }
        assertThat(keys).isSorted();
    }
}
