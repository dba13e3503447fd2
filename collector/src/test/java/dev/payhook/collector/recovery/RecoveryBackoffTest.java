package dev.payhook.collector.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;

/** Retries spread out: each wait is half its step fixed and half random; steps double up to the cap. */
class RecoveryBackoffTest {

    private final RecoveryJob job = new RecoveryJob(
            new RecoveryProperties(
                    Duration.ofMinutes(1),
                    Duration.ofMinutes(10),
                    Duration.ofHours(1),
                    Duration.ofHours(1),
                    Duration.ofMinutes(30),
                    URI.create("http://localhost:8081"),
                    URI.create("http://localhost:8082"),
                    6,
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(30),
                    null,
                    null,
                    null),
            List.of(),
            null,
            null,
            null,
            null,
            null);

    @RepeatedTest(20)
    void eachWaitIsBetweenHalfItsStepAndItsStepAndTheStepsDoubleUpToTheCap() {
        assertThat(job.backoff(1)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1_000));
        assertThat(job.backoff(2)).isBetween(Duration.ofMillis(1_000), Duration.ofMillis(2_000));
        assertThat(job.backoff(4)).isBetween(Duration.ofMillis(4_000), Duration.ofMillis(8_000));
        assertThat(job.backoff(6)).isBetween(Duration.ofMillis(15_000), Duration.ofMillis(30_000));
        assertThat(job.backoff(60)).isBetween(Duration.ofMillis(15_000), Duration.ofMillis(30_000));
    }
}
