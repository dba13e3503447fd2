package dev.payhook.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;

/** A consumer group's position on the test broker, as the tests need it: caught up, or rewound. */
public final class ConsumerGroups {

    private ConsumerGroups() {}

    /**
     * Waits until the group's committed offset reached the log end on every partition of the topics
     * that holds records. A partition with records but no committed offset yet is not caught up.
     */
    public static void awaitCaughtUp(String bootstrap, String groupId, List<String> topics) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<TopicPartition> partitions = partitions(admin, topics);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(300))
                    .ignoreExceptions()
                    .until(() -> {
                        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                                .partitionsToOffsetAndMetadata()
                                .get();
                        var ends = admin.listOffsets(
                                        partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                                .all()
                                .get();
                        return ends.entrySet().stream()
                                .allMatch(e -> e.getValue().offset() == 0
                                        || committed.get(e.getKey()) != null
                                                && committed.get(e.getKey()).offset()
                                                        >= e.getValue().offset());
                    });
        }
    }

    /**
     * Moves a stopped group's offsets on the topics back to their beginning (an incident replay by
     * hand). Its members leave asynchronously, so the change is retried until the group accepts it.
     */
    public static void rewindToEarliest(String bootstrap, String groupId, List<String> topics) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<TopicPartition, OffsetAndMetadata> earliest = admin
                    .listOffsets(partitions(admin, topics).stream()
                            .collect(Collectors.toMap(p -> p, p -> OffsetSpec.earliest())))
                    .all()
                    .get()
                    .entrySet()
                    .stream()
                    .collect(Collectors.toMap(
                            Map.Entry::getKey,
                            e -> new OffsetAndMetadata(e.getValue().offset())));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .untilAsserted(() -> admin.alterConsumerGroupOffsets(groupId, earliest)
                            .all()
                            .get());
        }
    }

    private static List<TopicPartition> partitions(Admin admin, List<String> topics) throws Exception {
        List<TopicPartition> partitions = new ArrayList<>();
        admin.describeTopics(topics).allTopicNames().get().forEach((topic, description) -> description
                .partitions()
                .forEach(p -> partitions.add(new TopicPartition(topic, p.partition()))));
        return partitions;
    }
}
