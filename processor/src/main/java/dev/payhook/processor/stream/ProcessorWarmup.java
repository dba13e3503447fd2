package dev.payhook.processor.stream;

import dev.payhook.common.JsonSerde;
import dev.payhook.common.PaymentEvent;
import dev.payhook.common.PaymentEventType;
import dev.payhook.common.Topics;
import dev.payhook.processor.state.PaymentLimits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * Before the processor takes its partitions, it runs made-up payments through its own topology, in this
 * process: Kafka's {@link TopologyTestDriver} drives the same {@link PaymentTopology} (decoding, the
 * state machine, the stores' records, the outputs' JSON) with its stores in memory and no broker; its
 * state directory is a temporary one, deleted after. A JVM runs that code interpreted until the JIT has
 * compiled it: a processor started cold under 1,000 events/s fell seconds behind in its first
 * half-minute; warmed, its p99 stayed near half a second. It costs a backlog's catch-up rate in the
 * first half-minute (BENCHMARKS.md, "Issue 34, session 16"), so a replay may turn it off
 * ({@code payhook.processor.warmup.events=0}). Its events are counted in no metric and written nowhere.
 *
 * <p>Started just before the Streams client (a lifecycle phase below {@link StreamsBuilderFactoryBean}'s),
 * after the web server: liveness answers meanwhile, readiness waits for the stream threads as always. A
 * warm-up that fails is logged and ends; the processor still starts.
 */
final class ProcessorWarmup implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProcessorWarmup.class);
    private static final JsonSerde<PaymentEvent> EVENTS = JsonSerde.of(PaymentEvent.class);
    /** A payment's life, as most payments live it, and then one redelivery: what the hot path meets. */
    private static final PaymentEventType[] LIFE = {
        PaymentEventType.AUTHORIZED, PaymentEventType.CAPTURED, PaymentEventType.REFUNDED, PaymentEventType.CAPTURED
    };

    private final int events;
    private final PaymentLimits limits;
    private volatile boolean running;

    ProcessorWarmup(int events, PaymentLimits limits) {
        this.events = events;
        this.limits = limits;
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
                    "warm-up: {} made-up events through the topology ({} applied, {} duplicates, {} dead letters)"
                            + " in {} ms, before taking partitions",
                    events,
                    (long) took.applied.count(),
                    (long) took.duplicates.count(),
                    (long) took.deadLetters.count(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException | IOException e) {
            log.warn("warm-up stopped: {}; starting without it", e.toString());
        }
    }

    /** Runs the events; returns what the topology counted, in a registry of the warm-up's own. */
    ProcessorMetrics run() throws IOException {
        ProcessorMetrics counted = new ProcessorMetrics(new SimpleMeterRegistry());
        StreamsBuilder builder = new StreamsBuilder();
        // In memory: RocksDB's flush on every commit (the driver commits after every record) would take
        // most of the warm-up's time, and a store's own work is RocksDB's native code either way.
        PaymentTopology.build(builder, limits, counted, Stores::inMemoryKeyValueStore);
        Path state = Files.createTempDirectory("payhook-processor-warmup");
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "payhook-processor-warmup");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "warmup.invalid:9092"); // never connected to
        config.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), config)) {
            TestInputTopic<String, byte[]> webhooks = driver.createInputTopic(
                    Topics.WEBHOOKS,
                    Serdes.String().serializer(),
                    Serdes.ByteArray().serializer());
            Instant at = Instant.now();
            for (int i = 0; i < events; i++) {
                int payment = i / LIFE.length;
                String paymentId = "pay_warmup_" + payment;
                PaymentEventType type = LIFE[i % LIFE.length];
                // The second capture is the first's redelivery: the same event id.
                PaymentEvent event = PaymentEvent.of("evt_warmup_" + payment + "_" + type.wireName(), type, paymentId)
                        .from("warmup", "generic", type.wireName())
                        .orderId("ord_warmup_" + payment)
                        .money(type == PaymentEventType.REFUNDED ? 300L : 1000L, "EUR")
                        .refundId(type == PaymentEventType.REFUNDED ? "re_warmup_" + payment : null)
                        .times(at.plusMillis(i), at.plusMillis(i))
                        .payload(JsonSerde.MAPPER.createObjectNode().put("id", "evt_warmup_" + i))
                        .build();
                webhooks.pipeInput(paymentId, EVENTS.toBytes(event), at.plusMillis(i));
            }
        } finally {
            try (Stream<Path> files = Files.walk(state)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (UncheckedIOException e) {
                log.warn("warm-up: could not delete {}: {}", state, e.toString());
            }
        }
        return counted;
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
