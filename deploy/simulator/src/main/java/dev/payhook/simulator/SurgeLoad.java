package dev.payhook.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An open-model load generator for the local stack: distinct, validly signed webhooks at a fixed
 * rate, with a surge, and then an audit of the pipeline.
 *
 * <p>Open model: request i is due at {@code start + schedule(i)} whatever happened to earlier
 * requests, and its latency is measured from when it was due, not from when it was sent, so a
 * slow server cannot hide its slowness by slowing the generator down (coordinated omission).
 *
 * <p>Audit: every event answered 2xx must be on {@code payhook.webhooks} and applied exactly once
 * to its payment's state on {@code payhook.payments}; it reports what is missing, and how long
 * after the last request the consumers caught up.
 *
 * <pre>deploy/local/load.sh [--rate 1000] [--seconds 60] [--surge-rate 10000] [--surge-at 15] [--surge-seconds 30]</pre>
 */
public final class SurgeLoad {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        double rate = Double.parseDouble(options.getOrDefault("rate", "1000"));
        double seconds = Double.parseDouble(options.getOrDefault("seconds", "60"));
        double surgeRate = Double.parseDouble(options.getOrDefault("surge-rate", String.valueOf(rate * 10)));
        double surgeAt = Double.parseDouble(options.getOrDefault("surge-at", "15"));
        double surgeSeconds = Double.parseDouble(options.getOrDefault("surge-seconds", "0"));
        int maxInFlight = Integer.parseInt(options.getOrDefault("max-in-flight", "2000"));
        String source = options.getOrDefault("source", "standard");
        String ingress = options.getOrDefault("ingress", "http://localhost:8080");
        String bootstrap = options.getOrDefault("bootstrap", "localhost:9092");
        if (!URI.create(ingress).getHost().matches("localhost|127\\.0\\.0\\.1")) {
            throw new IllegalArgumentException("load goes only to localhost, not " + ingress);
        }
        new SurgeLoad().run(rate, seconds, surgeRate, surgeAt, surgeSeconds, maxInFlight, source, ingress, bootstrap);
    }

    void run(double rate, double seconds, double surgeRate, double surgeAt, double surgeSeconds, int maxInFlight,
            String source, String ingress, String bootstrap) throws Exception {
        String run = Long.toString(System.currentTimeMillis(), 36);
        ProviderSigner signer = new ProviderSigner();
        // Daemon threads: the program ends when its report is printed.
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8, task -> {
                    Thread thread = new Thread(task, "load-http");
                    thread.setDaemon(true);
                    return thread;
                }))
                .connectTimeout(Duration.ofSeconds(5)).build();
        Recorder base = new Recorder(3);
        Recorder surge = new Recorder(3);
        Map<String, Long> acceptedAtNanos = new ConcurrentHashMap<>();
        Set<String> refused = ConcurrentHashMap.newKeySet();
        AtomicLong errors = new AtomicLong();
        Semaphore inFlight = new Semaphore(maxInFlight);

        System.out.printf("payhook load: run %s, %s source, base %.0f/s for %.0f s, surge %.0f/s from %.0f s for %.0f s, at most %d in flight%n",
                run, source, rate, seconds, surgeRate, surgeAt, surgeSeconds, maxInFlight);
        long start = System.nanoTime();
        Instant startedAt = Instant.now();
        double due = 0; // seconds after start at which the next request is due
        long sent = 0;
        while (due < seconds) {
            boolean surging = due >= surgeAt && due < surgeAt + surgeSeconds;
            long dueNanos = start + (long) (due * 1e9);
            long wait = dueNanos - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            String id = run + "_" + sent;
            String eventId = "evt_load_" + id;
            SignedWebhook webhook = signer.sign(source, new ProviderSigner.PaymentFact(eventId, "payment.captured",
                    "pay_load_" + id, "ord_load_" + id, 1000 + sent % 9000, "EUR", null, Instant.now()));
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ingress + "/webhooks/" + source))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(webhook.body()));
            webhook.headers().forEach(request::header);
            Recorder recorder = surging ? surge : base;
            if (!inFlight.tryAcquire()) {
                // More than max-in-flight outstanding: the server is not keeping up. Counted, not queued.
                errors.incrementAndGet();
            } else {
                http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                    long now = System.nanoTime();
                    recorder.recordValue(Math.max(0, now - dueNanos) / 1000);
                    if (error == null && response.statusCode() / 100 == 2) {
                        acceptedAtNanos.put(eventId, now);
                    } else if (error == null) {
                        refused.add(eventId);
                    } else {
                        errors.incrementAndGet();
                    }
                    inFlight.release(); // last: the summary waits for every permit, so it sees every answer
                });
            }
            sent++;
            due += 1.0 / (surging ? surgeRate : rate);
        }
        inFlight.acquire(maxInFlight);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long sendingEnded = System.nanoTime();

        Histogram baseHistogram = base.getIntervalHistogram();
        Histogram surgeHistogram = surge.getIntervalHistogram();
        System.out.printf("%nsent %d in %.1f s (%.0f/s offered); 2xx %d (%.0f/s), non-2xx %d, errors/over max-in-flight %d%n",
                sent, elapsed, sent / elapsed, acceptedAtNanos.size(), acceptedAtNanos.size() / elapsed, refused.size(),
                errors.get());
        print("latency at base rate (from when due, ms)", baseHistogram);
        if (surgeSeconds > 0) {
            print("latency during the surge (from when due, ms)", surgeHistogram);
        }
        audit(bootstrap, run, acceptedAtNanos, sendingEnded, startedAt);
    }

    private static void print(String title, Histogram h) {
        System.out.printf("%-46s n=%d  p50 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n", title, h.getTotalCount(),
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0);
    }

    /**
     * Reads {@code payhook.webhooks} and {@code payhook.payments} from the start of the run until
     * every accepted event is found on both, or two minutes pass.
     */
    private static void audit(String bootstrap, String run, Map<String, Long> accepted, long sendingEnded,
            Instant startedAt) {
        String prefix = "evt_load_" + run + "_";
        Set<String> onTopic = ConcurrentHashMap.newKeySet();
        Map<String, Integer> appliedCount = new HashMap<>();
        long caughtUpAt = -1;
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        long duplicatesOnTopic = 0;
        try (KafkaConsumer<String, String> webhooks = consumer(bootstrap, "payhook.webhooks", startedAt);
                KafkaConsumer<String, String> payments = consumer(bootstrap, "payhook.payments", startedAt)) {
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : webhooks.poll(Duration.ofMillis(100))) {
                    String eventId = JSON.readTree(r.value()).path("eventId").asString();
                    if (eventId.startsWith(prefix) && !onTopic.add(eventId)) {
                        duplicatesOnTopic++;
                    }
                }
                for (ConsumerRecord<String, String> r : payments.poll(Duration.ofMillis(100))) {
                    if (!r.key().startsWith("pay_load_" + run + "_")) {
                        continue;
                    }
                    JsonNode state = JSON.readTree(r.value());
                    for (JsonNode applied : state.path("appliedEventIds")) {
                        String eventId = applied.asString().substring(applied.asString().indexOf(':') + 1);
                        appliedCount.merge(eventId, 1, Integer::sum);
                    }
                }
                if (onTopic.containsAll(accepted.keySet()) && appliedCount.keySet().containsAll(accepted.keySet())) {
                    caughtUpAt = System.nanoTime();
                    break;
                }
            }
        }
        long missingOnTopic = accepted.keySet().stream().filter(id -> !onTopic.contains(id)).count();
        long notApplied = accepted.keySet().stream().filter(id -> !appliedCount.containsKey(id)).count();
        long appliedTwice = appliedCount.values().stream().filter(n -> n > 1).count();
        System.out.printf("%naudit: %d answered 2xx; on payhook.webhooks %d (missing %d, duplicated %d); applied to state %d"
                        + " (missing %d, in more than one snapshot %d)%n",
                accepted.size(), accepted.size() - missingOnTopic, missingOnTopic, duplicatesOnTopic,
                accepted.size() - notApplied, notApplied, appliedTwice);
        System.out.printf("audit: %s%n", missingOnTopic == 0 && notApplied == 0 && appliedTwice == 0
                ? "ZERO LOSS — every 2xx is on the topic and applied exactly once"
                : "LOSS OR DOUBLE APPLICATION — see above");
        System.out.printf("consumers caught up %s after the last request was answered%n",
                caughtUpAt < 0 ? "NOT within 2 minutes" : String.format("%.1f s", (caughtUpAt - sendingEnded) / 1e9));
    }

    /** Reads a topic from the first offset at or after the run's start: earlier runs are not looked at. */
    private static KafkaConsumer<String, String> consumer(String bootstrap, String topic, Instant from) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        var partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        var offsets = consumer.offsetsForTimes(partitions.stream()
                .collect(java.util.stream.Collectors.toMap(p -> p, p -> from.toEpochMilli() - 1000)));
        for (TopicPartition p : partitions) {
            if (offsets.get(p) != null) {
                consumer.seek(p, offsets.get(p).offset());
            } else {
                consumer.seekToEnd(java.util.List.of(p));
            }
        }
        return consumer;
    }
}
