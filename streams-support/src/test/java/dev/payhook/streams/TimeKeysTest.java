package dev.payhook.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimeKeysTest {

    @Test
    void epochMillisAreWhatTheFormatExistingStoresWereWrittenWithGives() {
        // Stores written before keep their keys: the same text as String.format gave, for any time.
        SplittableRandom random = new SplittableRandom(34);
        for (int i = 0; i < 10_000; i++) {
            long millis = i % 2 == 0 ? random.nextLong(0, 4_102_444_800_000L) : random.nextLong(0, Long.MAX_VALUE);
            assertThat(TimeKeys.epochMillis(Instant.ofEpochMilli(millis))).isEqualTo(String.format("%019d", millis));
        }
        assertThat(TimeKeys.epochMillis(Instant.EPOCH)).isEqualTo("0000000000000000000");
        assertThat(TimeKeys.epochMillis(Instant.ofEpochMilli(-5))).isEqualTo("0000000000000000000");
        assertThat(TimeKeys.epochMillis(Instant.ofEpochMilli(Long.MAX_VALUE))).isEqualTo(Long.toString(Long.MAX_VALUE));
    }

    @Test
    void textOrderIsTimeOrder() {
        List<String> keys = new ArrayList<>();
        for (long millis : new long[] {-1, 0, 9, 10, 999, 1_000, 1_796_547_600_123L, Long.MAX_VALUE}) {
            keys.add(TimeKeys.epochMillis(Instant.ofEpochMilli(millis)));
        }
        assertThat(keys).isSorted();
    }
}
