package dev.payhook.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Watches the pipeline while a benchmark runs: reads {@code payhook.payments} (read_committed, from
 * the run's start) live on its own thread and {@code payhook.webhooks} once the load is over, and
 * for every event it is told was accepted, checks that it is on the topic once and applied to its
 * payment's state exactly once, and when its state became visible.
 *
 * <p>Exactly once: the processor emits one snapshot per event it applies, and a snapshot's
 * {@code appliedEventIds} only grow. So every snapshot of a payment must add at least one event
 * id to the ones its earlier snapshots had; a snapshot that adds none is an event applied again.
 */
final class PipelineAudit implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String eventPrefix;
    private final String paymentPrefix;
    private final Map<String, Long> accepted = new ConcurrentHashMap<>();
    private final Set<String> onTopic = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> visibleAt = new ConcurrentHashMap<>();
    private final AtomicLong duplicatesOnTopic = new AtomicLong();
    private final AtomicLong reapplied = new AtomicLong();
    private final Thread webhooksReader;
    private final Thread paymentsReader;
    private volatile boolean running = true;
    private long expectedDuplicates;
    private boolean redeliveriesOnTopicAllowed;
    private final String accepting;
    private final String bootstrap;
    private final Instant from;
    private long duplicateTransitions;
    private double caughtUpSeconds = -1;
    private double worstEndToEndSeconds;
    private double endToEndP99Millis = -1;

    /**
     * Reads from {@code from}: earlier runs are not looked at. Only ids with these prefixes count.
     *
     * @param accepting what accepting an event means here, for the report: "answered 2xx", "written"
     */
    PipelineAudit(String bootstrap, Instant from, String eventPrefix, String paymentPrefix, String accepting) {
        this.accepting = accepting;
        this.bootstrap = bootstrap;
        this.from = from;
        this.eventPrefix = eventPrefix;
        this.paymentPrefix = paymentPrefix;
        KafkaConsumer<String, String> webhooks = consumer(bootstrap, "payhook.webhooks", from);
        KafkaConsumer<String, String> payments = consumer(bootstrap, "payhook.payments", from);
        // Payments are read live: that is when a state becomes visible. The webhooks topic is only
        // checked for presence, so it is read after the load, not competing with it for the cores.
        this.webhooksReader = daemon(new Thread(() -> readWebhooks(webhooks), "audit-webhooks"));
        this.paymentsReader = daemon(new Thread(() -> readPayments(payments), "audit-payments"));
    }

    /** Reads the states while the load runs, so that the end-to-end latency can be measured. */
    PipelineAudit watchLive() {
        paymentsReader.start();
        return this;
    }

    private static Thread daemon(Thread thread) {
        thread.setDaemon(true);
        return thread;
    }

    /** The ingress answered 2xx for this event at {@code answeredAtNanos} (System.nanoTime). */
    void accepted(String eventId, long answeredAtNanos) {
        accepted.put(eventId, answeredAtNanos);
    }

    /** Deliveries written twice on purpose (a benchmark imitating providers' retries), not the ingress's doing. */
    void expectDuplicatesOnTopic(long count) {
        expectedDuplicates = count;
    }

    /**
     * Under a fault a request can be answered 503 at its deadline and its record still be written
     * once the broker is back: a copy on the topic that the processor must absorb. Allowed then;
     * applying an event twice never is.
     */
    void allowRedeliveriesOnTopic() {
        redeliveriesOnTopicAllowed = true;
    }

    /** Seconds from the end of sending until every accepted event was applied; -1 if that did not happen. */
    double caughtUpSeconds() {
        return caughtUpSeconds;
    }

    /** The longest any accepted event took from its 2xx to its state being visible, in seconds. */
    double worstEndToEndSeconds() {
        return worstEndToEndSeconds;
    }

    /** The p99 of 2xx → state visible, in ms; -1 when nothing was seen applied. */
    double endToEndP99Millis() {
        return endToEndP99Millis;
    }

    long acceptedCount() {
        return accepted.size();
    }

    /** Transitions emitted twice: the same (paymentId, eventId, from, to) more than once. */
    long duplicateTransitions() {
        return duplicateTransitions;
    }

    /**
     * For each "paymentId type" of this run's payments, the discrepancy ids the reconciler has
     * committed for it so far (read afresh on every call).
     */
    Map<String, Set<String>> discrepancyIds() {
        Map<String, Set<String>> ids = new HashMap<>();
        for (ConsumerRecord<String, String> r : readToEnd("payhook.discrepancies")) {
            JsonNode d = JSON.readTree(r.value());
            if (d.path("paymentId").asString().startsWith(paymentPrefix)) {
                ids.computeIfAbsent(
                                d.path("paymentId").asString() + " "
                                        + d.path("type").asString(),
                                k -> new HashSet<>())
                        .add(r.key());
            }
        }
        return ids;
    }

    private void readWebhooks(KafkaConsumer<String, String> webhooks) {
        try (webhooks) {
            while (running) {
                for (ConsumerRecord<String, String> r : webhooks.poll(Duration.ofMillis(100))) {
                    String eventId = eventIdOf(r.value());
                    if (eventId != null && eventId.startsWith(eventPrefix) && !onTopic.add(eventId)) {
                        duplicatesOnTopic.incrementAndGet();
                    }
                }
            }
        }
    }

    /**
     * The event id of a canonical event, without parsing the whole record: the raw provider payload
     * it carries made a full parse the generator's largest cost, taken from the services it measures.
     * The first match is the event's own field: it is written before {@code payload} (declaration
     * order and alphabetical order agree).
     */
    static String eventIdOf(String canonicalEvent) {
        int field = canonicalEvent.indexOf("\"eventId\":\"");
        if (field < 0) {
            return null;
        }
        int start = field + "\"eventId\":\"".length();
        return canonicalEvent.substring(start, canonicalEvent.indexOf('"', start));
    }

    private void readPayments(KafkaConsumer<String, String> payments) {
        Map<String, Set<String>> appliedByPayment = new HashMap<>();
        try (payments) {
            while (running) {
                for (ConsumerRecord<String, String> r : payments.poll(Duration.ofMillis(100))) {
                    if (!r.key().startsWith(paymentPrefix)) {
                        continue;
                    }
                    long now = System.nanoTime();
                    Set<String> applied = appliedByPayment.computeIfAbsent(r.key(), k -> new HashSet<>());
                    int added = 0;
                    for (JsonNode id : JSON.readTree(r.value()).path("appliedEventIds")) {
                        String sourceAndId = id.asString();
                        if (applied.add(sourceAndId)) {
                            added++;
                            visibleAt.putIfAbsent(sourceAndId.substring(sourceAndId.indexOf(':') + 1), now);
                        }
                    }
                    if (added == 0) {
                        reapplied.incrementAndGet();
                    }
                }
            }
        }
    }

    /**
     * Waits until every accepted event is on the topic and applied, or the timeout passes, then
     * prints the audit and the end-to-end latency (2xx answered → state visible on payhook.payments).
     *
     * @return whether nothing was lost or applied twice
     */
    boolean report(long sendingEndedNanos, Duration timeout) {
        // Only a live reader saw when states became visible.
        boolean measuredEndToEnd = paymentsReader.isAlive();
        webhooksReader.start();
        if (!measuredEndToEnd) {
            paymentsReader.start();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        long caughtUpAt = -1;
        while (System.nanoTime() < deadline) {
            if (onTopic.containsAll(accepted.keySet()) && visibleAt.keySet().containsAll(accepted.keySet())) {
                caughtUpAt = System.nanoTime();
                break;
            }
            sleep(Duration.ofMillis(50));
        }
        sleep(Duration.ofMillis(500)); // a late re-application would show up here
        close();
        Map<String, Long> transitions = new HashMap<>();
        for (ConsumerRecord<String, String> r : readToEnd("payhook.payment-transitions")) {
            if (r.key() != null && r.key().startsWith(paymentPrefix)) {
                JsonNode t = JSON.readTree(r.value());
                transitions.merge(
                        r.key() + " " + t.path("eventId").asString() + " "
                                + t.path("from").asString() + " " + t.path("to").asString(),
                        1L,
                        Long::sum);
            }
        }
        duplicateTransitions =
                transitions.values().stream().mapToLong(n -> n - 1).sum();
        Map<String, Set<String>> ids = discrepancyIds();
        long twiceFound = ids.values().stream().filter(set -> set.size() > 1).count();
        long missingOnTopic =
                accepted.keySet().stream().filter(id -> !onTopic.contains(id)).count();
        List<String> notApplied = accepted.keySet().stream()
                .filter(id -> !visibleAt.containsKey(id))
                .collect(Collectors.toList());
        Histogram endToEnd = new Histogram(3);
        accepted.forEach((id, answeredAt) -> {
            Long visible = visibleAt.get(id);
            if (visible != null) {
                // The consumer can see the state before the HTTP client has handled the 2xx: that is 0.
                endToEnd.recordValue(Math.max(0, visible - answeredAt) / 1000);
            }
        });
        caughtUpSeconds = caughtUpAt < 0 ? -1 : (caughtUpAt - sendingEndedNanos) / 1e9;
        worstEndToEndSeconds = endToEnd.getMaxValue() / 1e6;
        endToEndP99Millis = endToEnd.getTotalCount() == 0 ? -1 : endToEnd.getValueAtPercentile(99) / 1000.0;
        System.out.printf(
                "%naudit: %d %s; on payhook.webhooks %d (missing %d, duplicated %d); applied to state %d"
                        + " (missing %d, applied again %d)%s%n",
                accepted.size(),
                accepting,
                accepted.size() - missingOnTopic,
                missingOnTopic,
                duplicatesOnTopic.get(),
                accepted.size() - notApplied.size(),
                notApplied.size(),
                reapplied.get(),
                expectedDuplicates == 0 ? "" : "; " + expectedDuplicates + " duplicates were written on purpose");
        System.out.printf(
                "audit: %d transitions emitted twice; %d discrepancies for this run's payments"
                        + " (%d found twice under a new id)%n",
                duplicateTransitions, ids.size(), twiceFound);
        boolean zeroLoss = missingOnTopic == 0
                && notApplied.isEmpty()
                && reapplied.get() == 0
                && (duplicatesOnTopic.get() == expectedDuplicates || redeliveriesOnTopicAllowed)
                && duplicateTransitions == 0
                && twiceFound == 0;
        System.out.printf(
                "audit: %s%n",
                zeroLoss
                        ? "ZERO LOSS — every event " + accepting + " is on the topic once and applied exactly once"
                        : "LOSS OR DOUBLE APPLICATION — see above"
                                + (notApplied.isEmpty() ? "" : "; e.g. not applied: " + notApplied.get(0)));
        System.out.printf(
                "consumers caught up %s after the last event was %s%n",
                caughtUpAt < 0
                        ? "NOT within " + timeout.toSeconds() + " s"
                        : String.format("%.1f s", (caughtUpAt - sendingEndedNanos) / 1e9),
                accepting);
        if (measuredEndToEnd) {
            SurgeLoad.print("end to end, 2xx → state on payhook.payments (ms)", endToEnd);
        }
        return zeroLoss;
    }

    /** Each event's 2xx → state latency into the timeline, by the second after {@code fromNanos} of its 2xx. */
    void endToEndBySecond(long fromNanos, Timeline timeline) {
        accepted.forEach((id, answeredAt) -> {
            Long visible = visibleAt.get(id);
            if (visible != null) {
                timeline.visible((answeredAt - fromNanos) / 1e9, Math.max(0, visible - answeredAt) / 1000);
            }
        });
    }

    @Override
    public void close() {
        running = false;
        for (Thread reader : List.of(webhooksReader, paymentsReader)) {
            try {
                reader.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every committed record of a topic from the run's start up to its end now. */
    private List<ConsumerRecord<String, String>> readToEnd(String topic) {
        List<ConsumerRecord<String, String>> records = new java.util.ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(bootstrap, topic, from)) {
            Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within 60 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap, String topic, Instant from) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                5000,
                // The broker answers as soon as a transaction commits; this only bounds an empty wait.
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                100,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class));
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        var offsets = consumer.offsetsForTimes(
                partitions.stream().collect(Collectors.toMap(p -> p, p -> from.toEpochMilli() - 1000)));
        for (TopicPartition p : partitions) {
            if (offsets.get(p) != null) {
                consumer.seek(p, offsets.get(p).offset());
            } else {
                consumer.seekToEnd(List.of(p));
                consumer.position(p); // now, not at the first poll: records sent meanwhile must be read
            }
        }
        return consumer;
    }
}
