package dev.payhook.processor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.processor.state.PaymentLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcessorWarmupTest {

    /** Its payments live as payments do (authorized, captured, refunded) and one capture arrives twice. */
    @Test
    void theMadeUpPaymentsGoThroughTheWholeTopologyAndLeaveNothingBehind() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before;
        try (var files = Files.list(tmp)) {
            before = files.filter(f -> f.getFileName().toString().startsWith("payhook-processor-warmup"))
                    .count();
        }

        ProcessorMetrics counted = new ProcessorWarmup(400, PaymentLimits.DEFAULT).run();

        assertThat(counted.applied.count()).isEqualTo(300);
        assertThat(counted.duplicates.count()).isEqualTo(100);
        assertThat(counted.deadLetters.count()).isZero();
        try (var files = Files.list(tmp)) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith("payhook-processor-warmup")))
                    .hasSize((int) before);
        }
    }
}
