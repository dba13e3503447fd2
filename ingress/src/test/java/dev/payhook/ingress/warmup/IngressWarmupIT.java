package dev.payhook.ingress.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.Topics;
import dev.payhook.ingress.IngressApplication;
import dev.payhook.testkit.TopicReader;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The ingress warms up on the real broker before it reports ready: every warm-up request was
 * published to {@code payhook.ingress.warmup} and acknowledged before the readiness state turned
 * {@code ACCEPTING_TRAFFIC}; none reached {@code payhook.webhooks}, the webhook counters or the
 * webhook endpoint's latency metrics; once ready, the warm-up path knows no source; and the jar's
 * one-off commands, which run without a web server, start without warming up.
 */
class IngressWarmupIT {

    private static final String BOOTSTRAP = System.getProperty("spring.embedded.kafka.brokers");
    private static final int REQUESTS = 300;
    private static final AtomicLong readyAt = new AtomicLong();
    private static ConfigurableApplicationContext ingress;
    private static int port;

    @BeforeAll
    static void start() {
        ingress = new SpringApplicationBuilder(IngressApplication.class)
                .properties(IngressApplication.CONFIG_NAME)
                .profiles("local")
                .listeners((ApplicationListener<AvailabilityChangeEvent<?>>) event -> {
                    if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC) {
                        readyAt.compareAndSet(0, System.currentTimeMillis());
                    }
                })
                // Command-line arguments outrank the build's payhook.warmup.requests=0 for tests.
                .run(
                        "--server.port=0",
                        "--spring.kafka.bootstrap-servers=" + BOOTSTRAP,
                        "--payhook.warmup.requests=" + REQUESTS,
                        "--payhook.warmup.connections=3");
        port = Integer.parseInt(ingress.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    static void stop() {
        ingress.close();
    }

    @Test
    void everyWarmupRequestIsOnItsOwnTopicBeforeTheIngressReportsReady() {
        List<ConsumerRecord<String, String>> warmups =
                TopicReader.all(BOOTSTRAP, Topics.INGRESS_WARMUP, r -> "pay_warmup".equals(r.key()));
        assertThat(warmups.size()).isEqualTo(REQUESTS);
        assertThat(warmups).allSatisfy(r -> assertThat(r.value()).contains("\"source\":\"warmup\""));
        assertThat(readyAt.get()).isPositive();
        // Record timestamps are the producer's send time: every one was sent (and, with the 2xx the
        // warm-up waited for, acknowledged) before the ingress said it was ready.
        assertThat(warmups.stream().mapToLong(ConsumerRecord::timestamp).max().orElseThrow())
                .isLessThanOrEqualTo(readyAt.get());
    }

    @Test
    void nothingOfTheWarmupReachesThePipelineOrTheWebhookMetrics() {
        assertThat(TopicReader.all(BOOTSTRAP, Topics.WEBHOOKS, r -> "pay_warmup".equals(r.key())))
                .isEmpty();
        MeterRegistry meters = ingress.getBean(MeterRegistry.class);
        assertThat(meters.find("payhook.webhooks.accepted").counters()).isEmpty();
        assertThat(meters.find("http.server.requests")
                        .tag("uri", "/webhooks/{source}")
                        .timers())
                .isEmpty();
        assertThat(meters.find("http.server.requests")
                        .tag("uri", IngressWarmup.PATH)
                        .tag("status", "200")
                        .timer()
                        .count())
                .isEqualTo(REQUESTS);
    }

    @Test
    void theJarsOneOffCommandsWithoutAWebServerDoNotWarmUp() {
        try (ConfigurableApplicationContext command = new SpringApplicationBuilder(IngressApplication.class)
                .properties(IngressApplication.CONFIG_NAME)
                .profiles("local")
                .run(
                        "--spring.main.web-application-type=none",
                        "--spring.kafka.bootstrap-servers=" + BOOTSTRAP,
                        "--payhook.warmup.requests=" + REQUESTS)) {
            assertThat(command.isActive()).isTrue();
        }
        assertThat(TopicReader.all(BOOTSTRAP, Topics.INGRESS_WARMUP, r -> true).size())
                .isEqualTo(REQUESTS);
    }

    @Test
    void onceReadyTheWarmupPathKnowsNoSource() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/warmup/webhooks/warmup"))
                                .header("Content-Type", "application/json")
                                .header("X-Signature", "00")
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
}
