package dev.payhook.simulator;

import dev.payhook.common.JsonSerde;
import dev.payhook.common.PaymentEvent;
import dev.payhook.common.PaymentEventType;
import dev.payhook.testkit.Decimals;
import dev.payhook.testkit.LocalSources;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The processor and reconciler benchmarks, on the running local stack, each service measured on
 * its own (the others stopped while it runs, so the cores are its and the broker's):
 *
 * <ol>
 * <li><b>processor</b>: with the processor and reconciler stopped, {@code --payments} captured
 *     payments are written straight to {@code payhook.webhooks} as the ingress writes them (every
 *     tenth delivered twice, as providers do), the processor is started, and its consumer group's
 *     lag is polled: events applied per second from its first commit until the lag is 0. Exactly
 *     once is on (the services' configuration). Then the pipeline audit checks every event was
 *     applied exactly once.</li>
 * <li><b>reconciler</b>: started, it first catches up on those payments' states (timed, reported),
 *     then a generic settlement report with one capture line per payment is uploaded to the ingress
 *     and timed from the first byte until the reconciler's summary counts every line matched.</li>
 * </ol>
 *
 * <pre>deploy/local/bench.sh [--payments 1000000]</pre>
 */
public final class PipelineBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonSerde<PaymentEvent> EVENTS = JsonSerde.of(PaymentEvent.class);
    private static final String PROCESSOR_GROUP = "payhook-processor";
    private static final String RECONCILER_GROUP = "payhook-reconciler";

    private final String bootstrap;
    private final URI ingress;
    private final URI reconciler;
    private final Path root;
    /**
     * The run's figures, printed last on one {@code result key=value …} line: what deploy/local/compare.sh
     * reads to put two builds side by side.
     */
    private final Map<String, String> results = new java.util.LinkedHashMap<>();

    PipelineBench(String bootstrap, URI ingress, URI reconciler, Path root) {
        this.bootstrap = bootstrap;
        this.ingress = ingress;
        this.reconciler = reconciler;
        this.root = root;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int payments = Integer.parseInt(options.getOrDefault("payments", "1000000"));
        PipelineBench bench = new PipelineBench(
                options.getOrDefault("bootstrap", "localhost:9092"),
                URI.create("http://localhost:8080"),
                URI.create("http://localhost:8082"),
                Path.of(options.getOrDefault("root", ".")));
        boolean zeroLoss = bench.run(payments);
        bench.results.put("zero_loss", String.valueOf(zeroLoss));
        StringBuilder line = new StringBuilder("result");
        bench.results.forEach(
                (key, value) -> line.append(' ').append(key).append('=').append(value));
        System.out.println(line);
        System.exit(zeroLoss ? 0 : 1);
    }

    boolean run(int payments) throws Exception {
        String run = Long.toString(System.currentTimeMillis(), 36);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        System.out.printf("payhook pipeline benchmark: run %s, %,d captured payments%n", run, payments);
        service("stop", "reconciler");
        service("stop", "processor");

        PipelineAudit audit = new PipelineAudit(
                bootstrap, Instant.now(), "evt_bench_" + run + "_", "pay_bench_" + run + "_", "written");
        long fillStart = System.nanoTime();
        long events = fill(run, payments, now, audit);
        audit.expectDuplicatesOnTopic(events - payments);
        System.out.printf(
                "wrote %,d events (%,d payments, every tenth delivered twice) to payhook.webhooks in %.1f s%n",
                events, payments, (System.nanoTime() - fillStart) / 1e9);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            boolean zeroLoss = processor(admin, audit);
            long matched = reconciler(admin, run, payments, now);
            return zeroLoss && matched == payments;
        }
    }

    /** Microseconds of CPU per unit of work, from core-seconds; "?" when the process was not found. */
    private static String perUnit(Double coreSeconds, long units) {
        return coreSeconds == null || units == 0 ? "?" : String.format("%.1f", coreSeconds * 1e6 / units);
    }

    /**
     * A service's CPU less its JIT compiler threads': the work a change to its code can move, without the
     * compiling that a run of a few hundred thousand records still pays for (null when either is unknown).
     */
    private static Double withoutJit(Map<String, Double> cpu, String service) {
        Double all = cpu.get(service);
        Double jit = cpu.get(service + StackCpu.JIT);
        return all == null || jit == null ? null : all - jit;
    }

    /** Starts the processor over the backlog and times it until its lag is 0; then the audit. */
    private boolean processor(Admin admin, PipelineAudit audit) throws Exception {
        long lagBefore = lag(admin, PROCESSOR_GROUP, "payhook.webhooks");
        StackCpu processing = StackCpu.snapshot(root);
        long started = System.nanoTime();
        Thread starter = startInBackground("processor");
        Progress progress =
                awaitCaughtUp(admin, PROCESSOR_GROUP, "payhook.webhooks", lagBefore, Duration.ofMinutes(15));
        starter.join();
        System.out.printf(
                "processor: %,d records read in %.1f s from its first commit (%.1f s from its start,"
                        + " JVM start included): %,.0f events/s with exactly-once%n",
                lagBefore, progress.seconds(), (progress.doneAt() - started) / 1e9, lagBefore / progress.seconds());
        Map<String, Double> cpu = processing.print("from the processor's start until caught up");
        Map<String, Double> working = progress.cpu()
                .print(String.format(
                        "from its first commit until caught up (%,d records; start-up excluded)", progress.records()));
        results.put("processor_events_per_s", String.format("%.0f", lagBefore / progress.seconds()));
        results.put("processor_cpu_us_per_event", perUnit(working.get("processor"), progress.records()));
        results.put(
                "processor_jit_cpu_us_per_event", perUnit(working.get("processor" + StackCpu.JIT), progress.records()));
        results.put(
                "processor_cpu_us_per_event_without_jit",
                perUnit(withoutJit(working, "processor"), progress.records()));
        results.put("broker_cpu_us_per_event", perUnit(working.get("kafka"), progress.records()));
        results.put("processor_cpu_us_per_event_with_start", perUnit(cpu.get("processor"), lagBefore));
        return audit.report(System.nanoTime(), Duration.ofMinutes(5));
    }

    /**
     * Starts the reconciler, lets it catch up on the new payment states (timed), then uploads one
     * capture line per payment and times it until the summary counts them all matched.
     *
     * @return how many of the lines were matched
     */
    private long reconciler(Admin admin, String run, int payments, Instant now) throws Exception {
        long lagOnPayments = lag(admin, RECONCILER_GROUP, "payhook.payments");
        long started = System.nanoTime();
        Thread starter = startInBackground("reconciler");
        Progress states =
                awaitCaughtUp(admin, RECONCILER_GROUP, "payhook.payments", lagOnPayments, Duration.ofMinutes(15));
        starter.join();
        System.out.printf(
                "%nreconciler: caught up on %,d payment states in %.1f s from its first commit (%.1f s from its "
                        + "start): %,.0f states/s%n",
                lagOnPayments, states.seconds(), (states.doneAt() - started) / 1e9, lagOnPayments / states.seconds());
        Path report = settlementReport(run, payments, now);
        JsonNode before = summary();
        long matchedBefore = before.path("matchedLines").asLong();
        StackCpu matching = StackCpu.snapshot(root);
        long uploadStart = System.nanoTime();
        JsonNode receipt = upload(report);
        double uploadSeconds = (System.nanoTime() - uploadStart) / 1e9;
        System.out.printf(
                "uploaded %,d lines (%.0f MB) in %.1f s: 202, batch %s, %,d accepted, %,d rejected%n",
                payments,
                Files.size(report) / 1e6,
                uploadSeconds,
                receipt.path("batchId").asString(),
                receipt.path("accepted").asLong(),
                receipt.path("rejectedCount").asLong());
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        long matched = 0;
        while (System.nanoTime() < deadline && matched < payments) {
            Thread.sleep(250);
            try {
                matched = summary().path("matchedLines").asLong() - matchedBefore;
            } catch (IOException e) {
                // 503 while the reconciler rebalances: its stores are not queryable; ask again
            }
        }
        double total = (System.nanoTime() - uploadStart) / 1e9;
        System.out.printf(
                "reconciler: %,d of %,d lines matched %.1f s after the upload began (%,.0f lines/s end to end)%n",
                matched, payments, total, matched / total);
        // A clean report opens nothing: a figure that included opening discrepancies would measure other work.
        System.out.printf(
                "discrepancies opened while matching: %,d%n",
                summary().path("open").asLong() - before.path("open").asLong());
        Map<String, Double> cpu = matching.print("from the upload until matched");
        results.put("lines_matched_s", String.format("%.1f", total));
        // The goal counts from the upload's end: the 202 comes once every line is on the broker.
        results.put("lines_matched_after_upload_s", String.format("%.1f", total - uploadSeconds));
        results.put("reconciler_cpu_us_per_line", perUnit(cpu.get("reconciler"), payments));
        results.put("reconciler_jit_cpu_us_per_line", perUnit(cpu.get("reconciler" + StackCpu.JIT), payments));
        results.put("reconciler_cpu_us_per_line_without_jit", perUnit(withoutJit(cpu, "reconciler"), payments));
        results.put("ingress_cpu_us_per_line", perUnit(cpu.get("ingress"), payments));
        Files.delete(report);
        return matched;
    }

    /** Captured payments as the ingress writes them: keyed by payment id, every tenth twice. */
    private long fill(String run, int payments, Instant at, PipelineAudit audit) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.BATCH_SIZE_CONFIG,
                256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                "lz4");
        long written = 0;
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> last = new ArrayList<>();
            for (int i = 0; i < payments; i++) {
                PaymentEvent event = captured(run, i, at);
                byte[] value = EVENTS.toBytes(event);
                for (int delivery = 0; delivery < (i % 10 == 0 ? 2 : 1); delivery++) {
                    last.add(producer.send(new ProducerRecord<>("payhook.webhooks", event.paymentId(), value)));
                    written++;
                }
                if (last.size() >= 10_000) {
                    for (Future<RecordMetadata> ack : last) {
                        ack.get();
                    }
                    last.clear();
                }
                audit.accepted(event.eventId(), System.nanoTime());
            }
            producer.flush();
            for (Future<RecordMetadata> ack : last) {
                ack.get();
            }
        }
        return written;
    }

    private static PaymentEvent captured(String run, int i, Instant at) {
        String paymentId = "pay_bench_" + run + "_" + i;
        String eventId = "evt_bench_" + run + "_" + i;
        long amount = amount(i);
        JsonNode payload = JSON.createObjectNode()
                .put("type", "payment.captured")
                .put("timestamp", at.toString())
                .set(
                        "data",
                        JSON.createObjectNode()
                                .put("paymentId", paymentId)
                                .put("amount", amount)
                                .put("currency", "EUR")
                                .put("orderId", "ord_bench_" + run + "_" + i));
        return PaymentEvent.of(eventId, PaymentEventType.CAPTURED, paymentId)
                .from("standard", "standard-webhooks", "payment.captured")
                .orderId("ord_bench_" + run + "_" + i)
                .money(amount, "EUR")
                .times(at, at)
                .payload(payload)
                .build();
    }

    private static long amount(int i) {
        return 1000 + (i * 7919L) % 90_000; // 10.00 to 909.99 EUR
    }

    /**
     * One capture line per payment in payhook's generic layout, amounts in major units as reports
     * have them, each charged the local stack's fee schedule (2% of the gross, rounded half up): a
     * clean report, so the figure is the matching of lines, not the opening of discrepancies.
     */
    private Path settlementReport(String run, int payments, Instant at) throws IOException {
        Path file = Files.createTempFile("payhook-bench-" + run, ".csv");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("payment_id,type,amount,currency,fee,settled_at,reference\n");
            String settledAt = at.plus(Duration.ofHours(1)).toString();
            for (int i = 0; i < payments; i++) {
                long amount = amount(i);
                long fee = (amount * 2 + 50) / 100;
                out.write("pay_bench_" + run + "_" + i + ",capture,"
                        + Decimals.major(amount, "EUR").toPlainString() + ",EUR,"
                        + Decimals.major(fee, "EUR").toPlainString() + "," + settledAt + ",stl_bench_" + run
                        + "_" + i + "\n");
            }
        }
        return file;
    }

    private JsonNode upload(Path report) throws IOException {
        HttpURLConnection connection = (HttpURLConnection)
                ingress.resolve("/settlements/generic").toURL().openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setFixedLengthStreamingMode(Files.size(report));
        connection.setRequestProperty("Content-Type", "text/csv");
        connection.setRequestProperty("Authorization", "Bearer " + LocalSources.operatorToken());
        connection.setReadTimeout((int) Duration.ofMinutes(10).toMillis());
        try (OutputStream out = connection.getOutputStream()) {
            Files.copy(report, out);
        }
        if (connection.getResponseCode() != 202) {
            throw new IOException("upload answered " + connection.getResponseCode() + ": "
                    + new String(connection.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        return JSON.readTree(connection.getInputStream());
    }

    private JsonNode summary() throws IOException {
        java.net.URLConnection connection =
                reconciler.resolve("/reconciliation/summary").toURL().openConnection();
        // The reconciler answers operators only.
        connection.setRequestProperty("Authorization", "Bearer " + dev.payhook.testkit.LocalSources.operatorToken());
        try (var in = connection.getInputStream()) {
            return JSON.readTree(in);
        }
    }

    /**
     * @param records the records read from the first commit on
     * @param cpu     the stack's CPU from the first commit on
     */
    private record Progress(double seconds, long doneAt, long records, StackCpu cpu) {}

    /**
     * Polls the group's lag until it is 0; the clock and the CPU count start at the group's first
     * commit, so a service's start-up is not counted as processing time.
     */
    private Progress awaitCaughtUp(Admin admin, String group, String topic, long lagBefore, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long firstCommit = -1;
        long lagAtFirstCommit = lagBefore;
        StackCpu fromFirstCommit = null;
        while (System.nanoTime() < deadline) {
            long lag = lag(admin, group, topic);
            long now = System.nanoTime();
            if (firstCommit < 0 && lag < lagBefore) {
                firstCommit = now;
                lagAtFirstCommit = lag;
                fromFirstCommit = StackCpu.snapshot(root);
            }
            if (lag == 0) {
                return new Progress((now - firstCommit) / 1e9, now, lagAtFirstCommit, fromFirstCommit);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(group + " did not catch up on " + topic + " within " + timeout);
    }

    /** End offsets minus the group's committed offsets, over the topic's partitions. */
    static long lag(Admin admin, String group, String topic) throws Exception {
        Set<TopicPartition> partitions =
                admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .collect(Collectors.toSet());
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
                        partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                .all()
                .get();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
        long lag = 0;
        for (TopicPartition p : partitions) {
            OffsetAndMetadata c = committed.get(p);
            lag += ends.get(p).offset() - (c == null ? 0 : c.offset());
        }
        return lag;
    }

    /** service.sh start returns once the service is ready; the benchmark watches the lag meanwhile. */
    private Thread startInBackground(String name) {
        Thread thread = new Thread(() -> service("start", name), "start-" + name);
        thread.start();
        return thread;
    }

    private void service(String action, String name) {
        try {
            Process process = new ProcessBuilder(
                            root.resolve("deploy/local/service.sh").toString(), action, name)
                    .inheritIO()
                    .start();
            if (process.waitFor() != 0) {
                throw new IllegalStateException("deploy/local/service.sh " + action + " " + name + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
