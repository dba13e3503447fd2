package dev.payhook.collector.reports;

import dev.payhook.common.JsonSerde;
import dev.payhook.common.ReportAnnouncement;
import dev.payhook.common.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the reports providers announced ({@code payhook.report-announcements}, written by the ingress)
 * as the consumer group {@code payhook-collector}: up to the end of the topic as it was when the run
 * began, committing after each one handled. A failure that may pass stops there, uncommitted: the next
 * run starts with that announcement again.
 */
public final class ReportAnnouncements {

    public static final String GROUP = "payhook-collector";
    private static final JsonSerde<ReportAnnouncement> ANNOUNCEMENTS = JsonSerde.of(ReportAnnouncement.class);

    private final Map<String, Object> consumerConfig;
    private final ReportCollector collector;

    ReportAnnouncements(Map<String, Object> consumerConfig, ReportCollector collector) {
        this.consumerConfig = new TreeMap<>(consumerConfig);
        this.consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        this.consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
        this.collector = collector;
    }

    /** @return what could not be done, in words */
    public List<String> run() throws InterruptedException {
        List<String> failures = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.REPORT_ANNOUNCEMENTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new java.util.HashSet<>(partitions));
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata at = committed.get(partition);
                if (at == null) {
                    consumer.seekToBeginning(List.of(partition));
                } else {
                    consumer.seek(partition, at.offset());
                }
            }
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.value() != null) {
                        List<String> notDone =
                                collector.collectAnnounced(ANNOUNCEMENTS.deserialize(record.topic(), record.value()));
                        if (!notDone.isEmpty()) {
                            failures.addAll(notDone);
                            return failures;
                        }
                    }
                    consumer.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
                }
            }
        }
        return failures;
    }
}
