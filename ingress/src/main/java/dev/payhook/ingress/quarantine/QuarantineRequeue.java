package dev.payhook.ingress.quarantine;

import dev.payhook.common.JsonSerde;
import dev.payhook.common.PaymentEvent;
import dev.payhook.common.QuarantinedWebhook;
import dev.payhook.common.Topics;
import dev.payhook.provider.Mapping;
import dev.payhook.provider.Provider;
import dev.payhook.provider.WebhookRequest;
import dev.payhook.provider.WebhookSources;
import dev.payhook.provider.publish.BrokerUnavailableException;
import dev.payhook.provider.publish.EventPublisher;
import dev.payhook.provider.publish.PublishFailedException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.springframework.http.HttpHeaders;

/**
 * Maps quarantined webhooks again with the mapping this build has, after a mapping fix, and
 * publishes the events of those that now map to {@code payhook.webhooks}. They were verified when
 * they arrived, so they are not verified again (their signatures' timestamps are long past).
 * Requeueing is safe to repeat: event ids come from the provider's payload, and the processor
 * applies an event id once.
 */
public final class QuarantineRequeue {

    private static final JsonSerde<QuarantinedWebhook> QUARANTINE = JsonSerde.of(QuarantinedWebhook.class);

    private final Map<String, Provider> providers;
    private final WebhookSources sources;
    private final EventPublisher publisher;

    public QuarantineRequeue(WebhookSources sources, EventPublisher publisher) {
        this.providers = sources.all().stream()
                .map(WebhookSources.ConfiguredSource::provider)
                .distinct()
                .collect(Collectors.toMap(Provider::name, Function.identity()));
        this.sources = sources;
        this.publisher = publisher;
    }

    /**
     * @param execute false for a dry run: maps, counts, publishes nothing
     * @return what was (or would be) requeued, and why the rest still does not map
     */
    public Report requeue(Consumer<String, byte[]> consumer, Instant from, Instant until, boolean execute)
            throws BrokerUnavailableException, PublishFailedException {
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.WEBHOOKS_QUARANTINE).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(
                partitions.stream().collect(Collectors.toMap(p -> p, p -> from.toEpochMilli())));
        starts.forEach(
                (partition, start) -> consumer.seek(partition, start == null ? ends.get(partition) : start.offset()));

        int requeued = 0;
        int events = 0;
        Map<String, Integer> stillUnmappable = new TreeMap<>();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                QuarantinedWebhook quarantined = QUARANTINE.deserialize(record.topic(), record.value());
                if (record.offset() >= ends.get(new TopicPartition(record.topic(), record.partition()))
                        || quarantined.receivedAt().isAfter(until)) {
                    continue;
                }
                Mapping mapping = map(quarantined);
                if (!mapping.unmappable().isEmpty()) {
                    stillUnmappable.merge(
                            quarantined.provider() + ": " + String.join("; ", mapping.unmappable()), 1, Integer::sum);
                    continue;
                }
                if (execute) {
                    publisher.publish(
                            mapping.events().stream()
                                    .map(e -> e.deliveredBy(PaymentEvent.REQUEUE))
                                    .toList(),
                            mapping.announcements(),
                            null);
                }
                requeued++;
                events += mapping.events().size();
            }
        }
        return new Report(requeued, events, stillUnmappable, execute);
    }

    private Mapping map(QuarantinedWebhook quarantined) {
        Provider provider = providers.get(quarantined.provider());
        if (quarantined.bodyTruncated()) {
            return Mapping.unmappable("only a prefix of the body was kept (" + quarantined.bodySize()
                    + " bytes, SHA-256 " + quarantined.bodySha256() + "): it cannot be mapped again");
        }
        if (provider == null) {
            return Mapping.unmappable("no provider named " + quarantined.provider() + " in this build");
        }
        HttpHeaders headers = new HttpHeaders();
        quarantined.headers().forEach(headers::addAll);
        return provider.map(new WebhookRequest(
                        quarantined.source(),
                        quarantined.provider(),
                        headers,
                        quarantined.body().getBytes(StandardCharsets.UTF_8),
                        quarantined.receivedAt()))
                .inAccountByDefault(sources.find(quarantined.source())
                        .map(source -> source.settings().account())
                        .orElse(null));
    }

    /** @param stillUnmappable reason → how many quarantined webhooks still fail with it */
    public record Report(int requeued, int events, Map<String, Integer> stillUnmappable, boolean executed) {

        public String render() {
            StringBuilder text = new StringBuilder(String.format(
                    "%s %d quarantined webhook(s) now map: %d event(s) %s%n",
                    executed ? "Requeued:" : "DRY RUN:",
                    requeued,
                    events,
                    executed ? "published to " + Topics.WEBHOOKS : "would be published to " + Topics.WEBHOOKS));
            stillUnmappable.forEach((reason, count) ->
                    text.append(String.format("still unmappable (%d, left in quarantine): %s%n", count, reason)));
            return text.toString();
        }
    }
}
