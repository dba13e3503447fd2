package dev.payhook.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.collector.CollectorApplication;
import dev.payhook.common.Discrepancy;
import dev.payhook.common.JsonSerde;
import dev.payhook.common.PaymentState;
import dev.payhook.ingress.IngressApplication;
import dev.payhook.processor.ProcessorApplication;
import dev.payhook.reconciler.ReconcilerApplication;
import dev.payhook.testkit.ProviderSigner;
import dev.payhook.testkit.SettlementScenario;
import dev.payhook.testkit.SignedWebhook;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.core.type.TypeReference;

/**
 * The services as the system tests run them: in this JVM, against this class's broker, each on a
 * port its web server picks, with the local dev secrets and operator; and how tests talk to them.
 */
public final class Services {

    /** The broker of the running test class (the in-process one, or Testcontainers' when chosen). */
    public static final String BOOTSTRAP = System.getProperty("spring.embedded.kafka.brokers");

    /** Settlement uploads and resolutions are an operator's: the local profile's dev operator. */
    public static final Map<String, String> OPERATOR = Map.of("Authorization", "Bearer payhook_local_operator_token");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Services() {}

    /**
     * A collector in scheduled mode with the local sources and their dev secrets, but none of the local
     * profile's API keys: a test names the sources it polls (never {@code once}: it would end this JVM).
     *
     * @param more further arguments (the recovery job's settings, the sources' API keys)
     */
    public static ConfigurableApplicationContext collector(String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + BOOTSTRAP,
                "--payhook.collector.mode=scheduled",
                // The recovery job reads the reconciler's unknown settlements as an operator.
                "--payhook.recovery.reconciler-token=payhook_local_operator_token",
                "--spring.config.import=classpath:payhook-local-sources.yml"));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(CollectorApplication.class)
                .properties(CollectorApplication.CONFIG_NAME)
                .run(args.toArray(String[]::new));
    }

    /** @param more further arguments */
    public static ConfigurableApplicationContext ingress(String... more) {
        List<String> args =
                new ArrayList<>(List.of("--server.port=0", "--spring.kafka.bootstrap-servers=" + BOOTSTRAP));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(IngressApplication.class)
                .properties(IngressApplication.CONFIG_NAME)
                .profiles("local")
                .run(args.toArray(String[]::new));
    }

    /**
     * A processor reading its input from the beginning, with its state in {@code stateDir}, not warmed up.
     *
     * @param more further arguments; none may repeat one given here (Spring would join the two values)
     */
    public static ConfigurableApplicationContext processor(String stateDir, String... more) {
        return new SpringApplicationBuilder(ProcessorApplication.class)
                .properties(ProcessorApplication.CONFIG_NAME)
                // No warm-up: these tests measure no latency. ProcessorWarmupIT tests the warm-up, and the
                // deployment rehearsal runs it under the manifests' ACLs.
                .properties("payhook.processor.warmup.events=0")
                .run(streamsArguments(stateDir, more));
    }

    /** A reconciler as {@link #processor} starts a processor, with the dev operator who may resolve. */
    public static ConfigurableApplicationContext reconciler(String stateDir, String... more) {
        return new SpringApplicationBuilder(ReconcilerApplication.class)
                .properties(ReconcilerApplication.CONFIG_NAME)
                .profiles("local")
                .run(streamsArguments(stateDir, more));
    }

    private static String[] streamsArguments(String stateDir, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + BOOTSTRAP,
                "--spring.kafka.streams.state-dir=" + stateDir,
                "--spring.kafka.streams.properties.auto.offset.reset=earliest"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** The port the application's web server bound (each starts on a free one, chosen by the OS when it binds). */
    public static int port(ConfigurableApplicationContext application) {
        return Integer.parseInt(application.getEnvironment().getProperty("local.server.port"));
    }

    /**
     * A query, as the local profile's operator (of every account): the reconciler answers operators only;
     * the other services ignore the header.
     */
    public static HttpResponse<String> get(String url) throws Exception {
        return get(url, OPERATOR);
    }

    public static HttpResponse<String> get(String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static HttpResponse<String> post(String url, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A query's answer. During a rebalance the Streams services answer 503 by design (their stores
     * are moving); wait for a real answer rather than read a problem body as data.
     */
    public static HttpResponse<String> answered(String url) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> get(url), response -> response.statusCode() != 503);
    }

    /**
     * The open discrepancies of one scenario run, by payment, from a discrepancy listing: the broker
     * is shared with the class's other tests, whose payments the reconciler also holds.
     */
    public static Map<String, String> openByPayment(String json, long seed) {
        List<Discrepancy> discrepancies = JsonSerde.MAPPER.readValue(json, new TypeReference<List<Discrepancy>>() {});
        return discrepancies.stream()
                .filter(d -> d.paymentId() != null && d.paymentId().startsWith("pay_" + seed + "_"))
                .collect(Collectors.toMap(Discrepancy::paymentId, d -> d.type().name()));
    }

    /**
     * Posts each payment's webhooks of a scenario to the ingress, one provider per payment (every
     * provider in turn, signed by its SDK), in order, and waits until the processor has applied
     * them all: settlement reports arrive days after the webhooks.
     */
    public static void deliverWebhooks(SettlementScenario scenario, int ingressPort, int processorPort)
            throws Exception {
        // Each payment's webhooks from one provider, every provider in turn, signed by its SDK.
        ProviderSigner signer = new ProviderSigner();
        int turn = 0;
        for (SettlementScenario.PlannedPayment payment : scenario.payments()) {
            List<String> able = ProviderSigner.sourcesFor(payment.webhooks());
            String source = able.get(turn++ % able.size());
            for (ProviderSigner.PaymentFact fact : payment.webhooks()) {
                SignedWebhook webhook = signer.sign(source, fact);
                HttpResponse<String> answer = post(
                        "http://localhost:" + ingressPort + "/webhooks/" + source, webhook.body(), webhook.headers());
                assertThat(answer.statusCode())
                        .as(source + ": " + answer.body())
                        .isEqualTo(200);
            }
        }
        // Settlement reports arrive days after the webhooks: let the processor apply them first.
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .ignoreExceptions() // a payment not applied yet is a 404 problem, not a state
                .untilAsserted(() -> {
                    for (SettlementScenario.PlannedPayment payment : scenario.payments()) {
                        // Every webhook applied (providers name their events their own way).
                        if (!payment.webhooks().isEmpty()) {
                            PaymentState state = JsonSerde.MAPPER.readValue(
                                    get("http://localhost:" + processorPort + "/payments/" + payment.paymentId())
                                            .body(),
                                    PaymentState.class);
                            assertThat(state.eventCount())
                                    .isEqualTo(payment.webhooks().size());
                        }
                    }
                });
    }
}
