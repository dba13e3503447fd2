package dev.payhook.ingress;

import dev.payhook.provider.WebhookSource;
import jakarta.validation.Valid;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * @param sources        the webhook sources by name: the {@code {source}} of the URL
 * @param maxBodySize    larger bodies are refused with 413 before they are read whole
 * @param publishTimeout how long a request waits for the broker's acknowledgement before 503
 * @param retryAfter     what the 503 tells the provider to wait before retrying
 * @param topics         whether the ingress creates its topics (local, tests) and with how many partitions
 * @param settlements    settlement report uploads
 * @param bankStatements bank statement uploads
 * @param warmup         the requests the ingress sends itself before it reports ready
 */
@Validated
@ConfigurationProperties("payhook")
public record IngressProperties(
        @DefaultValue Map<String, @Valid WebhookSource> sources,
        @DefaultValue("1MB") DataSize maxBodySize,
        @DefaultValue("5s") Duration publishTimeout,
        @DefaultValue("10s") Duration retryAfter,
        @DefaultValue TopicProvisioning topics,
        @DefaultValue Settlements settlements,
        @DefaultValue BankStatements bankStatements,
        @DefaultValue Warmup warmup) {

    /**
     * A freshly started JVM runs payhook's code interpreted until the JIT has compiled it: its first
     * seconds of webhooks wait seconds (BENCHMARKS.md, "Cold start"). Before it reports ready, the
     * ingress sends itself webhooks over loopback, through the same HTTP stack, verification,
     * mapping and producer, published to {@code payhook.ingress.warmup}.
     *
     * @param requests    how many; 0 turns the warm-up off
     * @param connections concurrent loopback connections
     * @param maxDuration the warm-up stops here whatever it reached, so readiness is never held long
     */
    public record Warmup(
            @DefaultValue("20000") int requests,
            @DefaultValue("4") int connections,
            @DefaultValue("60s") Duration maxDuration) {}

    /**
     * @param maxFileSize          larger reports are refused with 413; a report is spooled to a
     *                             temporary file while it is read, never held in memory
     * @param publishTimeout       how long an upload waits for the broker to acknowledge its last lines
     * @param maxConcurrentUploads uploads read at once; more are answered 429 with Retry-After
     * @param maxSpooled           bytes all uploads in progress may hold on disk together; an upload
     *                             that would pass it is answered 429 with Retry-After
     * @param producerBuffer       the settlement producer's own buffer (webhooks never wait on it)
     */
    public record Settlements(
            @DefaultValue("2GB") DataSize maxFileSize,
            @DefaultValue("60s") Duration publishTimeout,
            @DefaultValue("2") int maxConcurrentUploads,
            @DefaultValue("4GB") DataSize maxSpooled,
            @DefaultValue("32MB") DataSize producerBuffer) {}

    /**
     * A statement is parsed whole, in memory, so it is bounded well below a report: a day's statement
     * of a busy account is a few megabytes.
     *
     * @param maxFileSize larger statements are refused with 413
     */
    public record BankStatements(@DefaultValue("20MB") DataSize maxFileSize) {}

    /**
     * On Kubernetes, topics are Strimzi KafkaTopic resources: {@code payhook.topics.create=false}.
     * {@code payhook.settlements} must have as many partitions as {@code payhook.payments}: the
     * reconciler reads both, and a payment's line and state must meet in one task.
     */
    public record TopicProvisioning(@DefaultValue("true") boolean create, @DefaultValue("6") int partitions) {}
}
