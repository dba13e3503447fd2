package dev.payhook.replay;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * Rewinds a stopped Streams application's input offsets with Kafka's consumer-group offset API.
 *
 * <p>Why not the Streams application reset tool: it also deletes the application's internal topics,
 * its state stores' changelogs among them. payhook's state stores remember which events were applied
 * (the processor's event ids, the reconciler's lines and emitted discrepancies), and that memory is what
 * makes a replay emit nothing twice. Rewinding only the input offsets keeps it: the replayed records
 * meet a state that has already seen them, and what was missed is applied once.
 */
public final class OffsetReplay {

    private final Admin admin;

    public OffsetReplay(Admin admin) {
        this.admin = admin;
    }

    /** What a replay would do; changes nothing, and may run while the application runs (to watch its lag). */
    public ReplayPlan plan(ReplayedApplication application, String groupId, ReplayFrom from) {
        List<String> members = activeMembers(groupId);
        List<TopicPartition> partitions = partitionsOf(application.inputTopics());
        Map<TopicPartition, OffsetAndMetadata> committed = call(() -> admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata()
                .get());
        Map<TopicPartition, ListOffsetsResultInfo> starts = listOffsets(partitions, p -> from.offsetSpec());
        Map<TopicPartition, ListOffsetsResultInfo> ends = listOffsets(partitions, p -> OffsetSpec.latest());
        List<PartitionReplay> replays = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            long end = ends.get(partition).offset();
            // -1: no record at or after the time on this partition; replaying from there replays nothing.
            long start = starts.get(partition).offset() < 0
                    ? end
                    : starts.get(partition).offset();
            OffsetAndMetadata position = committed.get(partition);
            replays.add(new PartitionReplay(partition, position == null ? null : position.offset(), start, end));
        }
        replays.sort(Comparator.comparing((PartitionReplay r) -> r.partition().topic())
                .thenComparingInt(r -> r.partition().partition()));
        return new ReplayPlan(application, groupId, from, replays, members);
    }

    /** Moves the group's offsets back as planned. The broker itself refuses if a member joined meanwhile. */
    public void execute(ReplayPlan plan) {
        refuseWhileRunning(plan.groupId());
        Map<TopicPartition, OffsetAndMetadata> rewinds = plan.partitions().stream()
                .filter(PartitionReplay::rewinds)
                .collect(Collectors.toMap(PartitionReplay::partition, r -> new OffsetAndMetadata(r.from())));
        if (!rewinds.isEmpty()) {
            call(() -> admin.alterConsumerGroupOffsets(plan.groupId(), rewinds)
                    .all()
                    .get());
        }
    }

    private void refuseWhileRunning(String groupId) {
        List<String> members = activeMembers(groupId);
        if (!members.isEmpty()) {
            throw new ApplicationStillRunningException(groupId, members);
        }
    }

    private List<String> activeMembers(String groupId) {
        try {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId))
                    .describedGroups()
                    .get(groupId)
                    .get();
            return group.members().stream().map(OffsetReplay::describe).sorted().toList();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return List.of();
            }
            throw new IllegalStateException(
                    "cannot describe consumer group " + groupId + ": "
                            + e.getCause().getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String describe(MemberDescription member) {
        return member.clientId() + "@" + member.host();
    }

    private List<TopicPartition> partitionsOf(List<String> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        call(() -> admin.describeTopics(topics).allTopicNames().get()).forEach((topic, description) -> description
                .partitions()
                .forEach(p -> partitions.add(new TopicPartition(topic, p.partition()))));
        return partitions;
    }

    private Map<TopicPartition, ListOffsetsResultInfo> listOffsets(
            List<TopicPartition> partitions, Function<TopicPartition, OffsetSpec> spec) {
        return call(() -> admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, spec)))
                .all()
                .get());
    }

    private interface AdminCall<T> {
        T get() throws InterruptedException, ExecutionException;
    }

    private static <T> T call(AdminCall<T> call) {
        try {
            return call.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
