package dev.payhook.reconciler.stream;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CoPartitioningTest {

    @Test
    void equalPartitionCountsStart() {
        assertThatCode(() -> CoPartitioning.check(
                        Map.of("payhook.payments", 6, "payhook.settlements", 6, "payhook.discrepancy-resolutions", 6)))
                .doesNotThrowAnyException();
    }

    @Test
    void anyDifferenceRefusesToStartNamingEveryCount() {
        assertThatThrownBy(() -> CoPartitioning.check(
                        Map.of("payhook.payments", 6, "payhook.settlements", 3, "payhook.discrepancy-resolutions", 6)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("payhook.payments 6")
                .hasMessageContaining("payhook.settlements 3")
                .hasMessageContaining("payhook.discrepancy-resolutions 6");
    }
}
