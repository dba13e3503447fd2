package dev.payhook.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/** Reads a topic of the real test broker from the beginning, as any downstream consumer would. */
public final class TopicReader {

    private TopicReader() {}

    /** Waits until records matching the predicate are on the topic, and returns them. */
    public static List<ConsumerRecord<String, String>> await(
            String bootstrap, String topic, Predicate<ConsumerRecord<String, String>> wanted, int count) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = fromTheBeginning(bootstrap, topic)) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (wanted.test(r)) {
                        found.add(r);
                    }
                });
                return found.size() >= count;
            });
        }
        return found;
    }

    /**
     * Every record on the topic up to its end offsets now that matches the predicate: all of them,
     * so a duplicate or a record that should not be there is seen.
     */
    public static List<ConsumerRecord<String, String>> all(
            String bootstrap, String topic, Predicate<ConsumerRecord<String, String>> wanted) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = fromTheBeginning(bootstrap, topic)) {
            var partitions = consumer.assignment();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (wanted.test(r)) {
                        found.add(r);
                    }
                });
                return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
            });
        }
        return found;
    }

    /** A reader that starts at the topic's current end and returns what arrives, in order, call after call. */
    public static Tail tail(String bootstrap, String topic) {
        KafkaConsumer<String, String> consumer = fromTheBeginning(bootstrap, topic);
        consumer.seekToEnd(consumer.assignment());
        consumer.assignment().forEach(consumer::position);
        return new Tail(consumer);
    }

    /** See {@link #tail}. */
    public static final class Tail implements AutoCloseable {

        private final KafkaConsumer<String, String> consumer;

        private Tail(KafkaConsumer<String, String> consumer) {
            this.consumer = consumer;
        }

        /**
         * Every record since the previous call, up to and including the first {@code count} records
         * matching {@code last}; records written before those (on the same partitions) are all in.
         */
        public List<ConsumerRecord<String, String>> through(Predicate<ConsumerRecord<String, String>> last, int count) {
            List<ConsumerRecord<String, String>> read = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(read::add);
                return read.stream().filter(last).count() >= count;
            });
            return read;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    /** A committed-only reader assigned every partition of the topic, at its beginning. */
    private static KafkaConsumer<String, String> fromTheBeginning(String bootstrap, String topic) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class));
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    public static int partitions(String bootstrap, String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            return consumer.partitionsFor(topic).size();
        }
    }
}
