package dev.payhook.reconciler.stream;

import dev.payhook.common.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.TopicDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Refuses to start the reconciler when its inputs are not co-partitioned. A payment's state, its
 * settlement lines and its resolutions must meet in one task; with different partition counts the
 * same key lands on different partition numbers, and Kafka Streams, which checks this only for
 * joins, would run anyway and report every such payment's lines as settlements of an unknown
 * payment. Runs before the streams start (a lower lifecycle phase) and after the topics were
 * created where the reconciler creates them.
 */
final class CoPartitioning implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CoPartitioning.class);
    static final List<String> INPUTS =
            List.of(Topics.PAYMENTS, Topics.SETTLEMENTS, Topics.BANK_STATEMENTS, Topics.DISCREPANCY_RESOLUTIONS);

    private static final Duration DESCRIBE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaAdmin admin;
    private volatile boolean running;

    CoPartitioning(KafkaAdmin admin) {
        this.admin = admin;
    }

    /**
     * @param partitions partition count by input topic
     * @throws IllegalStateException naming every input's partition count, when they differ
     */
    static void check(Map<String, Integer> partitions) {
        if (partitions.values().stream().distinct().count() > 1) {
            throw new IllegalStateException("the reconciler's inputs must have the same partition count, so that a"
                    + " payment's state, lines and resolutions meet in one task; found "
                    + new TreeMap<>(partitions)
                            .entrySet().stream()
                                    .map(e -> e.getKey() + " " + e.getValue())
                                    .collect(Collectors.joining(", "))
                    + ". Repartition the odd one out (more partitions for it, or recreate it) before starting.");
        }
    }

    @Override
    public void start() {
        Map<String, TopicDescription> found = describeInputs();
        check(found.values().stream().collect(Collectors.toMap(TopicDescription::name, d -> d.partitions()
                .size())));
        log.info(
                "inputs co-partitioned: {}",
                found.values().stream()
                        .map(d -> d.name() + " " + d.partitions().size())
                        .collect(Collectors.joining(", ")));
        running = true;
    }

    /** Topics created a moment ago (by this service) may take a moment to be described: wait for them. */
    private Map<String, TopicDescription> describeInputs() {
        long deadline = System.nanoTime() + DESCRIBE_TIMEOUT.toNanos();
        while (true) {
            try {
                return admin.describeTopics(INPUTS.toArray(String[]::new));
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "cannot describe the reconciler's inputs " + INPUTS + " within " + DESCRIBE_TIMEOUT
                                    + " (do they exist?): " + e.getMessage(),
                            e);
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(
                            "interrupted while describing the reconciler's inputs", interrupted);
                }
            }
        }
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the StreamsBuilderFactoryBean ({@code Integer.MAX_VALUE - 1000}). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2000;
    }
}
