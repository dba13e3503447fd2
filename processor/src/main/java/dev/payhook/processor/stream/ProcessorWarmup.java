package dev.payhook.processor.stream;

import dev.payhook.common.JsonSerde;
import dev.payhook.common.PaymentEvent;
import dev.payhook.common.PaymentEventType;
import dev.payhook.common.Topics;
import dev.payhook.processor.state.PaymentLimits;
import dev.payhook.processor.stream.PaymentTopology.TopicNames;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import tools.jackson.databind.node.ObjectNode;

/**
 * Before the processor takes its partitions, it runs made-up payments through its own topology on the
 * real broker: a Kafka Streams client of its own (application id
 * {@code payhook-processor-warmup-<instance>-<run>}) reads them from a topic of its own and writes its
 * outputs to another, with the processor's own settings (exactly-once, RocksDB stores with their
 * changelogs, the producer's and consumer's), so every call the first real record makes has run:
 * decoding, the state machine, RocksDB, the changelog and output sends, the transactions' commits.
 * The events arrive as webhooks do, a few at a time ({@link #RATE}), and the warm-up ends when the JIT
 * has compiled what they made it queue.
 * A JVM runs code interpreted until the JIT has compiled it, and compiles it for the types it saw: the
 * warm-up this replaced ran the topology in memory (Kafka's test driver, in-memory stores, a mock
 * producer), and the first real records threw that code away again (deoptimized at the stores' and the
 * producer's calls), so a restarted processor fell a second behind at 1,000 events/s (BENCHMARKS.md,
 * "Issue 34, session 19").
 *
 * <p>Nothing of it stays: its topics (input, outputs, changelogs) and its consumer group are deleted
 * when it ends, and those of an earlier warm-up of this instance that never ended (a pod killed while
 * warming up) when it begins; its state directory is a temporary one. Its events are counted in no
 * metric of the processor's. Started just before the Streams client (a lifecycle phase below
 * {@link StreamsBuilderFactoryBean}'s), after the web server: liveness answers meanwhile, readiness
 * waits for the stream threads as always. A warm-up that fails or outlasts {@link #TIME_LIMIT} is
 * logged and ends; the processor still starts. A replay may turn it off
 * ({@code payhook.processor.warmup.events=0}).
 */
public final class ProcessorWarmup implements SmartLifecycle {

    /** What the warm-up's topics, consumer group and transactional ids are named after (users.yaml). */
    public static final String APPLICATION_ID_PREFIX = "payhook-processor-warmup-";
    /** How long the events get, whatever the broker does; each call to the broker gets {@link #CALL_TIMEOUT}. */
    static final Duration TIME_LIMIT = Duration.ofMinutes(2);

    private static final Logger log = LoggerFactory.getLogger(ProcessorWarmup.class);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** Events per second the warm-up sends: 20,000 take ten seconds. */
    private static final int RATE = 2_000;
    /** The JIT is done when it compiled for less than a tenth of this long, up to the limit after it. */
    private static final Duration COMPILER_QUIET = Duration.ofMillis(500);

    private static final Duration COMPILER_TIME_LIMIT = Duration.ofSeconds(30);
    private static final JsonSerde<PaymentEvent> EVENTS = JsonSerde.of(PaymentEvent.class);
    /**
     * Payments as most live them: captured at once (automatic capture); or authorized, captured and
     * refunded, the capture delivered twice (a redelivery, the same event id). Each cycle of events
     * is one payment of each life.
     */
    private static final List<PaymentEventType[]> LIVES =
            List.of(new PaymentEventType[] {PaymentEventType.CAPTURED}, new PaymentEventType[] {
                PaymentEventType.AUTHORIZED,
                PaymentEventType.CAPTURED,
                PaymentEventType.REFUNDED,
                PaymentEventType.CAPTURED
            });
    /** Event i of a cycle: the life it belongs to and its type. */
    private static final List<Map.Entry<Integer, PaymentEventType>> CYCLE = cycle();

    private final int events;
    private final PaymentLimits limits;
    private final Supplier<Properties> processorStreamsConfig;
    private volatile boolean running;

    /**
     * @param processorStreamsConfig the processor's own Kafka Streams configuration, read when the
     *     warm-up starts (its {@code application.server} names this instance by then)
     */
    ProcessorWarmup(int events, PaymentLimits limits, Supplier<Properties> processorStreamsConfig) {
        this.events = events;
        this.limits = limits;
        this.processorStreamsConfig = processorStreamsConfig;
    }

    @Override
    public void start() {
        running = true;
        if (events <= 0) {
            return;
        }
        long started = System.nanoTime();
        try {
            ProcessorMetrics took = run();
            log.info(
                    "warm-up: {} made-up events through the topology on the broker ({} applied, {} duplicates,"
                            + " {} dead letters) in {} ms, before taking partitions",
                    events,
                    (long) took.applied.count(),
                    (long) took.duplicates.count(),
                    (long) took.deadLetters.count(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException | IOException | ExecutionException | TimeoutException e) {
            log.warn("warm-up stopped: {}; starting without it", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs the events; returns what the warm-up's topology counted, in a registry of its own. */
    ProcessorMetrics run() throws IOException, ExecutionException, TimeoutException, InterruptedException {
        Properties processor = processorStreamsConfig.get();
        StreamsConfig config = new StreamsConfig(processor);
        String instance = APPLICATION_ID_PREFIX + instance(processor) + "-";
        String applicationId = instance + Long.toString(System.currentTimeMillis(), 36);
        String input = applicationId + "-webhooks";
        String outputs = applicationId + "-outputs";
        try (Admin admin = Admin.create(config.getAdminConfigs(applicationId + "-admin"))) {
            remove(admin, instance);
            // As many partitions as payhook.webhooks: as many tasks, changelogs and output partitions.
            int partitions = admin.describeTopics(List.of(Topics.WEBHOOKS))
                    .allTopicNames()
                    .get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                    .get(Topics.WEBHOOKS)
                    .partitions()
                    .size();
            admin.createTopics(List.of(
                            new NewTopic(input, Optional.of(partitions), Optional.empty()),
                            new NewTopic(outputs, Optional.of(partitions), Optional.empty())))
                    .all()
                    .get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            awaitLeaders(admin, List.of(input, outputs));
            try (KafkaProducer<String, byte[]> producer = producer(config, applicationId)) {
                return process(processor, applicationId, new TopicNames(input, outputs, outputs, outputs), producer);
            } finally {
                remove(admin, applicationId + "-");
                awaitCompiler();
            }
        }
    }

    /**
     * This instance among the processor's: its query endpoint's port and host, of a host name the first
     * label (a StatefulSet's pod name), of an address all of it.
     */
    static String instance(Properties processor) {
        String server = processor.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG, "localhost:0");
        int colon = server.lastIndexOf(':');
        String host = server.substring(0, colon);
        int dot = host.indexOf('.');
        String name = dot < 0 || host.matches("[0-9.]+") ? host : host.substring(0, dot);
        return (name + "-" + server.substring(colon + 1)).replaceAll("[^a-zA-Z0-9-]", "-");
    }

    private static List<Map.Entry<Integer, PaymentEventType>> cycle() {
        List<Map.Entry<Integer, PaymentEventType>> cycle = new ArrayList<>();
        for (int life = 0; life < LIVES.size(); life++) {
            for (PaymentEventType type : LIVES.get(life)) {
                cycle.add(Map.entry(life, type));
            }
        }
        return List.copyOf(cycle);
    }

    /** Until every partition of the new topics has a leader: the first sends then find them. */
    private static void awaitLeaders(Admin admin, List<String> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + CALL_TIMEOUT.toNanos();
        while (true) {
            try {
                if (admin
                        .describeTopics(topics)
                        .allTopicNames()
                        .get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                        .values()
                        .stream()
                        .allMatch(t -> t.partitions().stream().allMatch(p -> p.leader() != null))) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the warm-up's topics " + topics + " have no leaders");
            }
            Thread.sleep(50);
        }
    }

    /**
     * Compresses as the ingress does (ingress.yml), so the processor's fetches decompress what it
     * compressed. One request in flight and no idempotence: a new partition can refuse a first request
     * (NOT_LEADER_OR_FOLLOWER) and accept the next, after which an idempotent producer retries the first
     * until it expires (OUT_OF_ORDER_SEQUENCE_NUMBER; KAFKA-15591, seen here on a fresh local stack).
     * A made-up event written twice is only a duplicate, which the processor drops.
     */
    private static KafkaProducer<String, byte[]> producer(StreamsConfig config, String applicationId) {
        Map<String, Object> producer = new HashMap<>(config.getAdminConfigs(applicationId + "-events"));
        producer.keySet().retainAll(ProducerConfig.configNames());
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        producer.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        producer.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis() / 3);
        producer.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
        producer.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        producer.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(producer, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Sends the events at {@link #RATE}, as webhooks arrive: a record or a few per fetch, a commit every
     * interval, so the calls made per fetch, per send and per commit run as often as they will for real,
     * not once per backlog.
     */
    private void publish(KafkaProducer<String, byte[]> producer, String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        Instant at = Instant.now();
        long started = System.nanoTime();
        HexFormat hex = HexFormat.of();
        Future<?> last = null;
        for (int i = 0; i < events; i++) {
            long due = started + i * 1_000_000_000L / RATE;
            long early = due - System.nanoTime();
            if (early > 1_000_000) {
                Thread.sleep(early / 1_000_000);
            }
            Map.Entry<Integer, PaymentEventType> step = CYCLE.get(i % CYCLE.size());
            int payment = i / CYCLE.size() * LIVES.size() + step.getKey();
            String paymentId = "pay_warmup_" + payment;
            PaymentEventType type = step.getValue();
            long amount = type == PaymentEventType.REFUNDED ? 300L : 1000L;
            Instant occurred = at.plusMillis(i);
            // The canonical event as the ingress publishes a Standard Webhooks delivery, its payload included;
            // the second capture is the first's redelivery: the same event id.
            PaymentEvent event = PaymentEvent.of("evt_warmup_" + payment + "_" + type.wireName(), type, paymentId)
                    .from("warmup", "standard-webhooks", type.wireName())
                    .orderId("ord_warmup_" + payment)
                    .money(amount, "EUR")
                    .refundId(type == PaymentEventType.REFUNDED ? "re_warmup_" + payment : null)
                    .times(occurred, occurred)
                    .payload(payload(type, occurred, paymentId, amount))
                    .build();
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, paymentId, EVENTS.toBytes(event));
            // The ingress's trace context, which Streams carries on to every output record.
            String traceparent = "00-" + hex.toHexDigits((long) i) + hex.toHexDigits((long) payment) + "-"
                    + hex.toHexDigits((long) i) + "-01";
            record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.US_ASCII));
            last = producer.send(record);
        }
        producer.flush();
        if (last != null) {
            last.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS); // a failed send fails the warm-up here
        }
    }

    private static ObjectNode payload(PaymentEventType type, Instant occurred, String paymentId, long amount) {
        ObjectNode payload =
                JsonSerde.MAPPER.createObjectNode().put("type", type.wireName()).put("timestamp", occurred.toString());
        payload.putObject("data")
                .put("paymentId", paymentId)
                .put("amount", amount)
                .put("currency", "EUR")
                .put("orderId", paymentId.replace("pay_", "ord_"));
        return payload;
    }

    private ProcessorMetrics process(
            Properties processor, String applicationId, TopicNames topics, KafkaProducer<String, byte[]> producer)
            throws IOException, InterruptedException, ExecutionException, TimeoutException {
        // The processor's own registry type: its counters are on the hot path too.
        ProcessorMetrics counted = new ProcessorMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        StreamsBuilder builder = new StreamsBuilder();
        PaymentTopology.build(builder, limits, counted, topics);
        Path state = Files.createTempDirectory("payhook-processor-warmup");
        Properties config = new Properties();
        config.putAll(processor);
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.remove(StreamsConfig.APPLICATION_SERVER_CONFIG);
        config.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaStreams streams = new KafkaStreams(builder.build(), config);
        try {
            streams.setUncaughtExceptionHandler(e -> {
                log.warn("warm-up: its stream thread failed: {}", e.toString());
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            streams.start();
            publish(producer, topics.webhooks());
            long deadline = System.nanoTime() + TIME_LIMIT.toNanos();
            while (seen(counted) < events
                    && System.nanoTime() < deadline
                    && !streams.state().hasCompletedShutdown()
                    && streams.state() != KafkaStreams.State.PENDING_ERROR) {
                Thread.sleep(20);
            }
            if (seen(counted) < events) {
                throw new IllegalStateException(seen(counted) + " of " + events + " events processed, the warm-up's"
                        + " Streams client " + streams.state());
            }
        } finally {
            // Leaving the group lets it be deleted at once.
            streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(CALL_TIMEOUT));
            try (Stream<Path> files = Files.walk(state)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (UncheckedIOException e) {
                log.warn("warm-up: could not delete {}: {}", state, e.toString());
            }
        }
        return counted;
    }

    /**
     * Waits until the JIT has compiled what the warm-up queued: it compiles in the background, and on
     * few cores its queue outlasts the warm-up by seconds, competing with the first real records.
     */
    private static void awaitCompiler() throws InterruptedException {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return;
        }
        long started = System.nanoTime();
        long deadline = started + COMPILER_TIME_LIMIT.toNanos();
        long compiled = jit.getTotalCompilationTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(COMPILER_QUIET.toMillis());
            long now = jit.getTotalCompilationTime();
            if (now - compiled < COMPILER_QUIET.toMillis() / 10) {
                break;
            }
            compiled = now;
        }
        log.info("warm-up: the JIT compiled what it queued in {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    private static long seen(ProcessorMetrics counted) {
        return (long) (counted.applied.count() + counted.duplicates.count() + counted.deadLetters.count());
    }

    /** Deletes the topics and consumer groups named with this prefix: a warm-up's, and only a warm-up's. */
    private static void remove(Admin admin, String prefix)
            throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> topics = admin.listTopics().names().get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS).stream()
                .filter(name -> name.startsWith(prefix))
                .collect(Collectors.toSet());
        Set<String> groups = admin
                .listGroups(ListGroupsOptions.forConsumerGroups())
                .all()
                .get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .stream()
                .map(GroupListing::groupId)
                // A warm-up's group is its application id: the prefix of its topics without the dash.
                .filter(group -> group.startsWith(prefix) || (group + "-").equals(prefix))
                .collect(Collectors.toSet());
        if (!topics.isEmpty()) {
            admin.deleteTopics(topics).all().get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        if (!groups.isEmpty()) {
            admin.deleteConsumerGroups(groups).all().get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
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

    /** Just before the Streams client starts. */
    @Override
    public int getPhase() {
        return StreamsBuilderFactoryBean.DEFAULT_PHASE - 1;
    }
}
