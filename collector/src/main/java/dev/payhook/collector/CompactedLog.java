package dev.payhook.collector;

import dev.payhook.common.JsonSerde;
import java.time.Duration;
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
 * What the collector remembers between runs, on a compacted topic: the latest value of each key,
 * read whole at the start of a run (a CronJob's process is new each time), written once a step is
 * done and acknowledged.
 */
public final class CompactedLog<T> {

    private final String topic;
    private final JsonSerde<T> serde;
    private final Map<String, Object> consumerConfig;
    private final KafkaTemplate<String, byte[]> kafka;

    public CompactedLog(
            String topic, Class<T> type, Map<String, Object> consumerConfig, KafkaTemplate<String, byte[]> kafka) {
        this.topic = topic;
        this.serde = JsonSerde.of(type);
        this.consumerConfig = new TreeMap<>(consumerConfig);
        this.consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.kafka = kafka;
    }

    /** The latest value of every key. */
    public Map<String, T> read() {
        Map<String, T> latest = new TreeMap<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() != null) {
                        latest.put(record.key(), serde.deserialize(record.topic(), record.value()));
                    }
                }
            }
        }
        return latest;
    }

    /** Returns once the broker has it. */
    public void write(String key, T value) throws Exception {
        kafka.send(topic, key, serde.toBytes(value)).get(30, TimeUnit.SECONDS);
    }
}
