package dev.payhook.ingress.warmup;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.payhook.common.Topics;
import dev.payhook.ingress.IngressProperties;
import dev.payhook.provider.Hmac;
import dev.payhook.provider.Provider;
import dev.payhook.provider.Providers;
import dev.payhook.provider.WebhookSource;
import dev.payhook.provider.WebhookSources.ConfiguredSource;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Before the ingress reports ready, it sends itself webhooks over loopback: through Tomcat, Spring
 * MVC and the observations, the verification (an HMAC with a secret made up for this process and
 * never shown), the mapping and the producer, acknowledged by the broker. A JVM runs that code
 * interpreted until the JIT has compiled it; without the warm-up, a pod the autoscaler adds during
 * a surge answered its first webhooks in seconds (BENCHMARKS.md, "Cold start").
 *
 * <p>Runs as an {@link ApplicationRunner}: Spring Boot reports the readiness state
 * {@code ACCEPTING_TRAFFIC} only after every runner returned, so no provider request reaches a
 * cold JVM through a Kubernetes Service. The events go to {@code payhook.ingress.warmup}, which
 * nothing reads, never to {@code payhook.webhooks}; the warm-up's source exists only while it runs.
 * A failed warm-up (the broker unreachable, say) is logged and ends the warm-up, never the start:
 * readiness checks the broker on its own.
 */
@Component
public class IngressWarmup implements ApplicationRunner {

    /** Its own path, so the webhook endpoint's latency histogram never includes the cold requests. */
    public static final String PATH = "/warmup/webhooks/{source}";

    private static final Logger log = LoggerFactory.getLogger(IngressWarmup.class);
    private static final String SOURCE = "warmup";
    private static final String SIGNATURE_HEADER = "X-Signature";

    private final IngressProperties.Warmup settings;
    private final ApplicationContext context;
    private final AtomicReference<ConfiguredSource> source = new AtomicReference<>();

    IngressWarmup(IngressProperties properties, ApplicationContext context) {
        this.settings = properties.warmup();
        this.context = context;
    }

    /** The warm-up's source while the warm-up runs; nothing before or after it. */
    public Optional<ConfiguredSource> source(String name) {
        ConfiguredSource current = source.get();
        return current != null && current.name().equals(name) ? Optional.of(current) : Optional.empty();
    }

    @Override
    public void run(ApplicationArguments args) throws InterruptedException {
        // The jar's one-off commands (the quarantine requeue) run without a web server: nothing to warm.
        if (settings.requests() <= 0 || !(context instanceof WebServerApplicationContext web)) {
            return;
        }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String hexSecret = HexFormat.of().formatHex(secret);
        Provider generic = Providers.named("generic-hmac");
        source.set(new ConfiguredSource(
                SOURCE,
                new WebhookSource(
                        generic.name(),
                        List.of(hexSecret),
                        Duration.ofMinutes(5),
                        SIGNATURE_HEADER,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null),
                generic,
                Topics.INGRESS_WARMUP));
        try {
            int port = web.getWebServer().getPort();
            warmUp(port, request(hexSecret, port));
        } finally {
            source.set(null);
        }
    }

    private void warmUp(int port, byte[] request) throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + settings.maxDuration().toNanos();
        AtomicInteger remaining = new AtomicInteger(settings.requests());
        AtomicInteger answered = new AtomicInteger();
        AtomicReference<String> failure = new AtomicReference<>();
        ExecutorService connections = Executors.newFixedThreadPool(settings.connections(), r -> {
            Thread thread = new Thread(r, "payhook-warmup");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < settings.connections(); i++) {
                running.add(connections.submit(() -> {
                    try {
                        while (failure.get() == null && System.nanoTime() < deadline && remaining.get() > 0) {
                            connection(port, request, deadline, remaining, answered, failure);
                        }
                    } catch (IOException | RuntimeException e) {
                        failure.compareAndSet(null, e.toString());
                    }
                    return null;
                }));
            }
            for (Future<?> connection : running) {
                try {
                    connection.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    failure.compareAndSet(null, e.getCause().toString());
                }
            }
        } finally {
            connections.shutdownNow();
        }
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        if (failure.get() != null) {
            log.warn(
                    "warm-up stopped after {} of {} requests in {} ms: {}; ready without it",
                    answered.get(),
                    settings.requests(),
                    millis,
                    failure.get());
        } else {
            log.info(
                    "warm-up: {} of {} requests in {} ms ({}/s), published to {}",
                    answered.get(),
                    settings.requests(),
                    millis,
                    millis == 0 ? answered.get() : answered.get() * 1000L / millis,
                    Topics.INGRESS_WARMUP);
        }
    }

    /** Requests on one connection until the ingress closes it (its keep-alive limit) or the warm-up ends. */
    private static void connection(
            int port,
            byte[] request,
            long deadline,
            AtomicInteger remaining,
            AtomicInteger answered,
            AtomicReference<String> failure)
            throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            // An answer that never comes must not hold readiness past the warm-up's deadline.
            socket.setSoTimeout((int) Math.max(
                    1_000, Duration.ofNanos(deadline - System.nanoTime()).toMillis()));
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            boolean open = true;
            while (open && failure.get() == null && System.nanoTime() < deadline && remaining.decrementAndGet() >= 0) {
                out.write(request);
                out.flush();
                LoopbackResponse.Response response = LoopbackResponse.read(in);
                if (response.status() / 100 != 2) {
                    failure.compareAndSet(null, "answered " + response.status());
                } else {
                    answered.incrementAndGet();
                }
                open = !response.close();
            }
        }
    }

    /**
     * One keep-alive HTTP/1.1 request, sent as is again and again: a payment captured, in the
     * generic-hmac scheme, signed once.
     */
    private static byte[] request(String hexSecret, int port) {
        byte[] body = ("{\"id\":\"evt_warmup\",\"event\":\"payment.updated\",\"timestamp\":\"" + Instant.now()
                        + "\",\"data\":{\"paymentId\":\"pay_warmup\",\"status\":\"completed\",\"amount\":10.00,"
                        + "\"currency\":\"EUR\",\"orderId\":\"ord_warmup\"}}")
                .getBytes(UTF_8);
        String signature = HexFormat.of().formatHex(Hmac.sha256(hexSecret.getBytes(UTF_8), body));
        String head = "POST " + PATH.replace("{source}", SOURCE) + " HTTP/1.1\r\n"
                + "Host: localhost:" + port + "\r\n"
                + "Content-Type: application/json\r\n"
                + "User-Agent: payhook-warmup\r\n"
                + SIGNATURE_HEADER + ": " + signature + "\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(US_ASCII);
        byte[] request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return request;
    }
}
