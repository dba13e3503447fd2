package dev.payhook.collector.recovery;

import dev.payhook.common.JsonSerde;
import dev.payhook.common.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Where each source's sweep has reached, on {@code payhook.recovery.checkpoints} (compacted, key =
 * source). Read whole at the start of a run: a restarted or rescheduled job resumes where the last
 * one stopped. A checkpoint moves only after everything before it was published.
 */
final class RecoveryCheckpoints {

    /** @param sweptUntil every event the source listed before this instant has been published */
    record Checkpoint(String source, Instant sweptUntil, Instant writtenAt) {}

    private static final JsonSerde<Checkpoint> CHECKPOINTS = JsonSerde.of(Checkpoint.class);

    private final Map<String, Object> consumerConfig;
    private final KafkaTemplate<String, byte[]> kafka;

    RecoveryCheckpoints(Map<String, Object> consumerConfig, KafkaTemplate<String, byte[]> kafka) {
        this.consumerConfig = new TreeMap<>(consumerConfig);
        this.consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.kafka = kafka;
    }

    /** The latest checkpoint of every source. */
    Map<String, Checkpoint> read() {
        Map<String, Checkpoint> latest = new TreeMap<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.RECOVERY_CHECKPOINTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() != null) {
                        Checkpoint checkpoint = CHECKPOINTS.deserialize(record.topic(), record.value());
                        latest.put(record.key(), checkpoint);
                    }
                }
            }
        }
        return latest;
    }

    void write(Checkpoint checkpoint) throws Exception {
        kafka.send(Topics.RECOVERY_CHECKPOINTS, checkpoint.source(), CHECKPOINTS.toBytes(checkpoint))
                .get(30, TimeUnit.SECONDS);
    }
}
