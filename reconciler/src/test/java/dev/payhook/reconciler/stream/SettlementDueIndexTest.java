package dev.payhook.reconciler.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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
    void keysAreWhatTheFormatTheStoreWasWrittenWithGives() {
        // Stores written before keep their keys: the same text as String.format gave, for any time.
        SplittableRandom random = new SplittableRandom(34);
        for (int i = 0; i < 10_000; i++) {
            long millis = i % 2 == 0 ? random.nextLong(0, 4_102_444_800_000L) : random.nextLong(0, Long.MAX_VALUE);
            assertThat(SettlementDueIndex.key(Instant.ofEpochMilli(millis), "pay_" + i))
                    .isEqualTo(String.format("%019d|%s", millis, "pay_" + i));
        }
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
