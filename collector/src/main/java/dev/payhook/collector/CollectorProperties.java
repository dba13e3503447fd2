package dev.payhook.collector;

import dev.payhook.provider.WebhookSource;
import jakarta.validation.Valid;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param sources        the same {@code payhook.sources} as the ingress's: a source's provider says how
 *                       what its API returns is mapped, its {@code api-key} whether it is polled at all
 * @param publishTimeout how long a page of polled events waits for the broker's acknowledgement
 * @param topics         whether the collector creates the topics it writes (local, tests)
 * @param collector      how the collector runs
 */
@Validated
@ConfigurationProperties("payhook")
public record CollectorProperties(
        @DefaultValue Map<String, @Valid WebhookSource> sources,
        @DefaultValue("30s") Duration publishTimeout,
        @DefaultValue Topics topics,
        @DefaultValue Collector collector) {

    /**
     * @param mode {@code once} runs every task once and exits 0 when each did everything, 1 otherwise
     *             (a Kubernetes CronJob, {@code concurrencyPolicy: Forbid}); {@code scheduled} runs each
     *             task every its own interval until stopped (one instance only: the local stack)
     */
    public record Collector(@DefaultValue("once") Mode mode) {}

    public enum Mode {
        ONCE,
        SCHEDULED
    }

    /** As the ingress's: on Kubernetes topics are Strimzi KafkaTopic resources and {@code create=false}. */
    public record Topics(@DefaultValue("true") boolean create, @DefaultValue("6") int partitions) {}
}
