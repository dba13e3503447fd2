package dev.payhook.common;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * How one topic of the contract is laid out, wherever it is created: by a service locally and in
 * tests, or as a Strimzi KafkaTopic on Kubernetes (the manifests test compares them).
 *
 * @param name      the topic's name
 * @param keyed     keyed by payment id (or discrepancy id) and spread over the cluster's partition
 *                  count; otherwise a single partition (quarantine and dead letters: kept in order)
 * @param compacted the latest record of a key is its current value; otherwise deleted by retention
 * @param retention how long records are kept (deleted topics), or null for ever
 */
public record TopicSpec(String name, boolean keyed, boolean compacted, Duration retention) {

    /** Compacted topics keep every key's last day of history, so a slow consumer still sees each update. */
    public static final Duration MIN_COMPACTION_LAG = Duration.ofDays(1);

    public int partitions(int keyedPartitions) {
        return keyed ? keyedPartitions : 1;
    }

    /** The topic's configuration as Kafka names it (cleanup.policy, retention.ms, min.compaction.lag.ms). */
    public Map<String, String> config() {
        Map<String, String> config = new HashMap<>();
        config.put(
                TopicConfig.CLEANUP_POLICY_CONFIG,
                compacted ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE);
        if (compacted) {
            config.put(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, Long.toString(MIN_COMPACTION_LAG.toMillis()));
        } else {
            config.put(TopicConfig.RETENTION_MS_CONFIG, retention == null ? "-1" : Long.toString(retention.toMillis()));
        }
        return config;
    }

    /** For the services' own topic creation (locally and in tests), with the broker's replication. */
    public NewTopic newTopic(int keyedPartitions) {
        return new NewTopic(name, java.util.Optional.of(partitions(keyedPartitions)), java.util.Optional.empty())
                .configs(config());
    }
}
