package dev.payhook.simulator;

import dev.payhook.testkit.ProviderSigner;
import dev.payhook.testkit.SignedWebhook;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * An open-model load generator for the local stack: distinct, validly signed webhooks at a fixed
 * rate, with a surge, and an audit of the pipeline ({@link PipelineAudit}) that runs alongside.
 *
 * <p>Open model: request i is due at {@code start + schedule(i)} whatever happened to earlier
 * requests, and its latency is measured from when it was due, not from when it was sent, so a
 * slow server cannot hide its slowness by slowing the generator down (coordinated omission).
 * Requests go out on {@code --connections} keep-alive connections ({@link KeepAliveHttp}); one
 * that finds them all busy waits for one, on the clock. More than {@code --max-in-flight}
 * outstanding requests are counted, not sent: the offered load stays bounded in count and time.
 *
 * <p>A warm-up comes first, ramping up to the base rate (JIT compilation of the generator and the
 * ingress); its requests are audited like the others but its latencies are reported on their own
 * line.
 * {@code --target noop} sends the same requests to the ingress's no-op endpoint (the same HTTP
 * stack doing nothing: the benchmark's baseline); nothing is published, so nothing is audited.
 * {@code --target compare} runs the plan against both, back to back, and prints the ratio.
 *
 * <pre>deploy/local/load.sh [--rate 1000] [--seconds 60] [--surge-rate 10000] [--surge-at 15] [--surge-seconds 30]
 *                     [--warmup 5] [--max-in-flight 2000] [--connections 64] [--source standard] [--target
 * webhooks|noop|compare] [--windows 10]</pre>
 *
 * <p>{@code --generator-warmup S} first runs the same load for S seconds against a sink inside this
 * program, so the generator's own first seconds (its JIT, its connections) are not charged to a cold
 * ingress. {@code --await-ready true} then waits for the ingress (or the service whose readiness
 * probe {@code --ready-url} names) to report ready and starts the moment it does: a cold start measured
 * from readiness, as a pod the autoscaler adds meets it. {@code --windows N} also prints the latency
 * per window of N seconds after the warm-up, the ingress's and 2xx → state's (a cold start's first
 * seconds apart from the rest).
 */
public final class SurgeLoad {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        double rate = Double.parseDouble(options.getOrDefault("rate", "1000"));
        Plan plan = new Plan(
                rate,
                Double.parseDouble(options.getOrDefault("seconds", "60")),
                Double.parseDouble(options.getOrDefault("surge-rate", String.valueOf(rate * 10))),
                Double.parseDouble(options.getOrDefault("surge-at", "15")),
                Double.parseDouble(options.getOrDefault("surge-seconds", "0")),
                Double.parseDouble(options.getOrDefault("warmup", "5")),
                Integer.parseInt(options.getOrDefault("max-in-flight", "2000")),
                Integer.parseInt(options.getOrDefault("connections", "64")));
        String source = options.getOrDefault("source", "standard");
        String target = options.getOrDefault("target", "webhooks");
        String ingress = options.getOrDefault("ingress", "http://localhost:8080");
        String bootstrap = options.getOrDefault("bootstrap", "localhost:9092");
        if (!URI.create(ingress).getHost().matches("localhost|127\\.0\\.0\\.1")) {
            throw new IllegalArgumentException("load goes only to localhost, not " + ingress);
        }
        if (target.equals("compare")) {
            // The same plan against the no-op endpoint, then the real one, back to back on one stack.
            Result noop = new SurgeLoad().run(plan, source, URI.create(ingress + "/benchmark/noop/" + source), null);
            System.out.println();
            Result webhooks = new SurgeLoad().run(plan, source, URI.create(ingress + "/webhooks/" + source), bootstrap);
            System.out.printf(
                    "%nPOST /webhooks/%s accepted %.0f/s = %.0f%% of the no-op endpoint's %.0f/s on the same HTTP "
                            + "stack%n",
                    source,
                    webhooks.acceptedPerSecond(),
                    100 * webhooks.acceptedPerSecond() / noop.acceptedPerSecond(),
                    noop.acceptedPerSecond());
            System.exit(webhooks.zeroLoss() ? 0 : 1);
        }
        String path =
                switch (target) {
                    case "webhooks" -> "/webhooks/" + source;
                    case "noop" -> "/benchmark/noop/" + source;
                    default ->
                        throw new IllegalArgumentException("--target is webhooks, noop or compare, not " + target);
                };
        int windows = Integer.parseInt(options.getOrDefault("windows", "0"));
        double generatorWarmup = Double.parseDouble(options.getOrDefault("generator-warmup", "0"));
        if (generatorWarmup > 0) {
            warmUpGenerator(plan, source, generatorWarmup);
        }
        if (Boolean.parseBoolean(options.getOrDefault("await-ready", "false"))) {
            awaitReady(URI.create(options.getOrDefault("ready-url", ingress + "/actuator/health/readiness")));
        }
        Timeline timeline = windows > 0 ? new Timeline((int) Math.ceil(plan.seconds())) : null;
        Result result = new SurgeLoad(Long.toString(System.currentTimeMillis(), 36), 1, timeline)
                .run(plan, source, URI.create(ingress + path), target.equals("webhooks") ? bootstrap : null);
        if (timeline != null) {
            timeline.printWindows(windows);
        }
        System.exit(result.zeroLoss() ? 0 : 1);
    }

    /** Polls the readiness probe every 20 ms; returns when it answers 200. */
    static void awaitReady(URI readiness) throws InterruptedException {
        System.out.printf("waiting for %s%n", readiness);
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest probe = java.net.http.HttpRequest.newBuilder(readiness)
                .timeout(Duration.ofSeconds(1))
                .build();
        while (true) {
            try {
                if (client.send(probe, java.net.http.HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    System.out.printf("the service is ready: load starts now%n");
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(20);
        }
    }

    /**
     * The same load, for {@code seconds} at the base rate, against an HTTP server in this process that
     * answers what the ingress answers: the generator's code is compiled before it measures anything.
     */
    static void warmUpGenerator(Plan plan, String source, double seconds) throws Exception {
        com.sun.net.httpserver.HttpServer sink =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        byte[] accepted = "{\"status\":\"accepted\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        sink.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, accepted.length);
                exchange.getResponseBody().write(accepted);
            }
        });
        sink.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        sink.start();
        try {
            System.out.printf("generator warm-up: %.0f s against a sink in this program (not measured)%n", seconds);
            Plan warmup = new Plan(plan.rate(), seconds, plan.rate(), 0, 0, 0, plan.maxInFlight(), plan.connections());
            new SurgeLoad("gw" + Long.toString(System.currentTimeMillis(), 36), 1, null)
                    .run(
                            warmup,
                            source,
                            URI.create("http://127.0.0.1:" + sink.getAddress().getPort() + "/webhooks/" + source),
                            null);
            System.out.println();
        } finally {
            sink.stop(0);
            ((java.util.concurrent.ExecutorService) sink.getExecutor()).shutdownNow();
        }
    }

    /**
     * @param zeroLoss whether the audit found nothing lost or applied twice (true when there was no audit)
     * @param audit    the audit itself, for what a fault drill checks beyond it (null when there was none)
     */
    record Result(double acceptedPerSecond, boolean zeroLoss, PipelineAudit audit) {}

    private final String run;
    private final int copies;
    private final Timeline timeline;
    /** System.nanoTime() at second 0 (after the warm-up), once the run started; 0 before. */
    private volatile long measuredFromNanos;

    SurgeLoad() {
        this(Long.toString(System.currentTimeMillis(), 36), 1, null);
    }

    /**
     * @param run      names this run's events and payments ({@code evt_load_<run>_<n>}, {@code pay_load_<run>_<n>})
     * @param copies   deliveries of each webhook, sent at once (a provider's duplicate storm): 1 normally
     * @param timeline where answers are also counted second by second, or null
     */
    SurgeLoad(String run, int copies, Timeline timeline) {
        this.run = run;
        this.copies = copies;
        this.timeline = timeline;
    }

    long measuredFromNanos() {
        return measuredFromNanos;
    }

    static String paymentPrefix(String run) {
        return "pay_load_" + run + "_";
    }

    /** Seconds are counted after the warm-up; the surge replaces the base rate inside its window. */
    record Plan(
            double rate,
            double seconds,
            double surgeRate,
            double surgeAt,
            double surgeSeconds,
            double warmup,
            int maxInFlight,
            int connections) {

        boolean surging(double second) {
            return second >= surgeAt && second < surgeAt + surgeSeconds;
        }

        /** The warm-up (negative seconds) ramps from a tenth of the base rate up to it. */
        double rateAt(double second) {
            if (second < 0) {
                return rate * Math.max(0.1, (second + warmup) / warmup);
            }
            return surging(second) ? surgeRate : rate;
        }
    }

    /** @param bootstrap the broker to audit against, or null for no audit */
    Result run(Plan plan, String source, URI uri, String bootstrap) throws Exception {
        return runAudited(plan, source, uri, bootstrap, audit -> {});
    }

    /** As {@link #run}, with the audit adjusted before the load starts (a fault drill allows redeliveries). */
    Result runAudited(
            Plan plan, String source, URI uri, String bootstrap, java.util.function.Consumer<PipelineAudit> adjust)
            throws Exception {
        ProviderSigner signer = new ProviderSigner();
        KeepAliveHttp http = new KeepAliveHttp(uri, plan.connections());
        Recorder warmup = new Recorder(3);
        Recorder base = new Recorder(3);
        Recorder surge = new Recorder(3);
        AtomicLong accepted = new AtomicLong();
        AtomicLong deliveriesAccepted = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong overBound = new AtomicLong();
        AtomicLong lastAnswer = new AtomicLong();
        Semaphore inFlight = new Semaphore(plan.maxInFlight());

        System.out.printf(
                "payhook load: run %s, %s source → %s, warm-up %.0f s ramping up to %.0f/s, then base %.0f/s for %.0f "
                        + "s,"
                        + " surge %.0f/s from %.0f s for %.0f s, at most %d in flight on %d connections%n",
                run,
                source,
                uri.getPath(),
                plan.warmup(),
                plan.rate(),
                plan.rate(),
                plan.seconds(),
                plan.surgeRate(),
                plan.surgeAt(),
                plan.surgeSeconds(),
                plan.maxInFlight(),
                plan.connections());
        PipelineAudit audit = bootstrap == null
                ? null
                : new PipelineAudit(
                                bootstrap, Instant.now(), "evt_load_" + run + "_", paymentPrefix(run), "answered 2xx")
                        .watchLive();
        if (audit != null) {
            adjust.accept(audit);
        }
        StackCpu cpu = StackCpu.snapshot(Path.of(System.getProperty("payhook.root", ".")));
        long start = System.nanoTime();
        long measuredFrom = start + (long) (plan.warmup() * 1e9);
        measuredFromNanos = measuredFrom;
        double due = -plan.warmup(); // seconds after the warm-up at which the next request is due
        long sent = 0;
        long measuredSent = 0;
        while (due < plan.seconds()) {
            boolean surging = plan.surging(due);
            long dueNanos = measuredFrom + (long) (due * 1e9);
            long wait = dueNanos - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            Recorder recorder = due < 0 ? warmup : surging ? surge : base;
            if (due >= 0) {
                measuredSent++;
            }
            if (!inFlight.tryAcquire(copies)) {
                // More than max-in-flight outstanding: the server is not keeping up. Counted, not queued.
                overBound.incrementAndGet();
                if (timeline != null) {
                    timeline.notSent(due);
                }
            } else {
                String id = run + "_" + sent;
                String eventId = "evt_load_" + id;
                SignedWebhook webhook = signer.sign(
                        source,
                        new ProviderSigner.PaymentFact(
                                eventId,
                                "payment.captured",
                                paymentPrefix(run) + sent,
                                "ord_load_" + id,
                                amountOf(sent),
                                "EUR",
                                null,
                                Instant.now()));
                boolean measured = due >= 0;
                double second = due;
                AtomicLong answers = new AtomicLong();
                java.util.concurrent.atomic.AtomicBoolean anyAccepted = new java.util.concurrent.atomic.AtomicBoolean();
                for (int copy = 0; copy < copies; copy++) {
                    http.send(http.post(uri.getRawPath(), webhook.headers(), webhook.body()), (status, error) -> {
                        long now = System.nanoTime();
                        long latencyMicros = Math.max(0, now - dueNanos) / 1000;
                        recorder.recordValue(latencyMicros);
                        if (timeline != null) {
                            if (error == null) {
                                timeline.answered(second, status, latencyMicros);
                            } else {
                                timeline.failed(second, latencyMicros);
                            }
                        }
                        if (error == null && status / 100 == 2) {
                            deliveriesAccepted.incrementAndGet();
                            anyAccepted.set(true);
                            if (audit != null) {
                                audit.accepted(eventId, now);
                            }
                        } else if (error == null) {
                            refused.incrementAndGet();
                        } else {
                            errors.incrementAndGet();
                        }
                        // An event counts once, when its last delivery is answered, if any of them was 2xx.
                        if (answers.incrementAndGet() == copies && measured && anyAccepted.get()) {
                            accepted.incrementAndGet();
                        }
                        lastAnswer.accumulateAndGet(now, Math::max);
                        inFlight.release(); // last: the summary waits for every permit, so it sees every answer
                    });
                }
            }
            sent++;
            due += 1.0 / plan.rateAt(due);
        }
        inFlight.acquire(plan.maxInFlight());
        http.close();
        if (audit != null && copies > 1) {
            // Every 2xx delivery beyond the first of its event is a copy the ingress was right to publish.
            audit.expectDuplicatesOnTopic(deliveriesAccepted.get() - audit.acceptedCount());
        }
        long sendingEnded = System.nanoTime();
        double measuredSeconds = (lastAnswer.get() - measuredFrom) / 1e9;

        System.out.printf(
                "%nafter the warm-up: offered %d in %.1f s (%.0f/s); 2xx %d (%.0f/s); non-2xx %d, errors %d,"
                        + " over max-in-flight (not sent) %d%n",
                measuredSent,
                plan.seconds(),
                measuredSent / plan.seconds(),
                accepted.get(),
                accepted.get() / measuredSeconds,
                refused.get(),
                errors.get(),
                overBound.get());
        // Each recorder's interval histogram is taken once: taking it again starts a new, empty interval.
        Histogram baseLatency = base.getIntervalHistogram();
        Histogram surgeLatency = surge.getIntervalHistogram();
        print("latency during the warm-up (from when due, ms)", warmup.getIntervalHistogram());
        print("latency at base rate (from when due, ms)", baseLatency);
        if (plan.surgeSeconds() > 0) {
            print("latency during the surge (from when due, ms)", surgeLatency);
        }
        Map<String, Double> cpuUsed = cpu.print("while sending");
        boolean zeroLoss = audit == null || audit.report(sendingEnded, Duration.ofMinutes(2));
        if (audit != null && timeline != null) {
            audit.endToEndBySecond(measuredFrom, timeline);
        }
        // One line of key=value figures, last: what deploy/local/compare.sh --bench load puts side by side.
        StringBuilder result = new StringBuilder("result");
        result.append(String.format(" accepted_per_s=%.0f", accepted.get() / measuredSeconds));
        result.append(String.format(" ingress_p99_ms=%.1f", millisAt99(baseLatency)));
        if (plan.surgeSeconds() > 0) {
            result.append(String.format(" peak_p99_ms=%.1f", millisAt99(surgeLatency)));
        }
        Double ingressCoreSeconds = cpuUsed.get("ingress");
        if (ingressCoreSeconds != null && deliveriesAccepted.get() > 0) {
            // Over everything sent, the warm-up too: the CPU is read over the whole send.
            result.append(
                    String.format(" ingress_cpu_us_per_2xx=%.1f", ingressCoreSeconds * 1e6 / deliveriesAccepted.get()));
        }
        if (audit != null) {
            result.append(String.format(" state_p99_ms=%.1f", audit.endToEndP99Millis()));
            if (timeline != null && plan.seconds() > FIRST_SECONDS) {
                result.append(String.format(
                        " state_p99_first_30s_ms=%.1f state_p99_after_30s_ms=%.1f",
                        timeline.toStateP99(0, FIRST_SECONDS), timeline.toStateP99(FIRST_SECONDS, Integer.MAX_VALUE)));
            }
        }
        System.out.println(result.append(" zero_loss=").append(zeroLoss));
        return new Result(accepted.get() / measuredSeconds, zeroLoss, audit);
    }

    /** The cold-start goal splits a run at its 30th second: the first 30 s, and the rest. */
    private static final int FIRST_SECONDS = 30;

    private static double millisAt99(Histogram h) {
        return h.getValueAtPercentile(99) / 1000.0;
    }

    /** The amount of the n-th payment of a run, in cents: what a settlement report for the run must say. */
    static long amountOf(long n) {
        return 1000 + n % 9000;
    }

    static void print(String title, Histogram h) {
        System.out.printf(
                "%-50s n=%d  p50 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                title,
                h.getTotalCount(),
                h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0,
                h.getValueAtPercentile(99.9) / 1000.0,
                h.getMaxValue() / 1000.0);
    }
}
