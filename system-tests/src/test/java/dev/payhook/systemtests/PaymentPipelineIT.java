package dev.payhook.systemtests;

import static dev.payhook.systemtests.Services.BOOTSTRAP;
import static dev.payhook.systemtests.Services.port;
import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.net.Webhook;
import dev.payhook.common.JsonSerde;
import dev.payhook.common.PaymentTransition;
import dev.payhook.common.Topics;
import dev.payhook.testkit.ConsumerGroups;
import dev.payhook.testkit.TopicReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole path through a real KRaft broker: signed webhooks posted to the ingress, in shuffled
 * order and with duplicates, become the expected GET /payments answers; a replay from rewound
 * offsets changes nothing and emits no second transition; a full rebuild gives the same snapshots.
 */
class PaymentPipelineIT {

    private static final String STRIPE_SECRET = "whsec_payhook_local_stripe_secret";

    private static ConfigurableApplicationContext ingress;
    private static final JsonSerde<PaymentTransition> TRANSITIONS = JsonSerde.of(PaymentTransition.class);
    private static int ingressPort;

    @BeforeAll
    static void startIngress() throws Exception {
        ingress = Services.ingress();
        ingressPort = port(ingress);
    }

    @AfterAll
    static void stopIngress() {
        ingress.close();
    }

    private static ConfigurableApplicationContext startProcessor(
            String applicationId, String stateDir, String... more) {
        List<String> args = new ArrayList<>(List.of("--spring.kafka.streams.application-id=" + applicationId));
        args.addAll(List.of(more));
        return Services.processor(stateDir, args.toArray(String[]::new));
    }

    @Test
    void aPaymentIdFloodedWithDistinctEventIdsStaysBoundedAndAPoisonedRecordDoesNotStopItsPartition() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String applicationId = "payhook-processor-flood-" + run;
        ConfigurableApplicationContext processor = startProcessor(
                applicationId,
                Files.createTempDirectory("processor-flood").toString(),
                "--payhook.processor.limits.events=100");
        int port = port(processor);
        try {
            String pi = "pi_flood_" + run;
            // A record that is not a canonical event, on the payment's own partition, ahead of its events.
            try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(
                    Map.of("bootstrap.servers", BOOTSTRAP),
                    new org.apache.kafka.common.serialization.StringSerializer(),
                    new org.apache.kafka.common.serialization.StringSerializer())) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                                Topics.WEBHOOKS, pi, "{\"poison\":\"" + run + "\"}"))
                        .get();
            }
            int flood = 2_000;
            for (int i = 0; i < flood; i++) {
                assertThat(post(stripeEvent("evt_" + pi + "_" + i, "payment_intent.succeeded", pi, 1000, "")))
                        .isEqualTo(200);
            }
            Awaitility.await()
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(deadLettersFor(pi)).isEqualTo(flood - 100 + 1));
            ConsumerGroups.awaitCaughtUp(BOOTSTRAP, applicationId, List.of(Topics.WEBHOOKS));
            String state = payment(port, pi).body();
            assertThat(state)
                    .contains("\"status\":\"CAPTURED\"")
                    .contains("\"limitsReached\":[\"events\"]")
                    .contains("LIMIT_REACHED");
            assertThat(state.split("\"stripe:evt_", -1)).hasSize(100 + 1);
            assertThat(state.length()).isLessThan(20_000);
        } finally {
            processor.close();
        }
    }

    private static long deadLettersFor(String paymentId) {
        return records(Topics.WEBHOOKS_DEAD_LETTER, paymentId::equals).size();
    }

    private static String stripeEvent(
            String eventId, String type, String paymentIntent, long amount, String objectExtra) {
        String object = type.startsWith("payment_intent.")
                ? ("\"id\":\"%s\",\"object\":\"payment_intent\",\"amount\":%d,\"amount_capturable\":%d,"
                                + "\"amount_received\":%d")
                        .formatted(paymentIntent, amount, amount, amount)
                : "\"payment_intent\":\"%s\",\"amount\":%d".formatted(paymentIntent, amount) + objectExtra;
        return """
                {"id":"%s","object":"event","type":"%s","created":%d,"data":{"object":{%s,"currency":"eur"}}}"""
                .formatted(eventId, type, 1795000000L + Math.abs(eventId.hashCode() % 1000), object);
    }

    private static int post(String body) throws Exception {
        return Services.post(
                        "http://localhost:" + ingressPort + "/webhooks/stripe",
                        body,
                        Map.of("Stripe-Signature", Webhook.Signature.generateSignatureHeader(body, STRIPE_SECRET)))
                .statusCode();
    }

    private static HttpResponse<String> payment(int port, String paymentId) throws Exception {
        return Services.get("http://localhost:" + port + "/payments/" + paymentId);
    }

    /** Every payment's lifecycle as Stripe events: capture, then partial or full refunds, or a lost dispute. */
    private static Map<String, List<String>> lifecycles(String run, int payments) {
        Map<String, List<String>> byPayment = new HashMap<>();
        for (int i = 0; i < payments; i++) {
            String pi = "pi_" + run + "_" + i;
            List<String> events = new ArrayList<>();
            events.add(stripeEvent("evt_" + pi + "_c", "payment_intent.created", pi, 1000, ""));
            events.add(stripeEvent("evt_" + pi + "_a", "payment_intent.amount_capturable_updated", pi, 1000, ""));
            events.add(stripeEvent("evt_" + pi + "_s", "payment_intent.succeeded", pi, 1000, ""));
            if (i % 3 == 1) {
                events.add(stripeEvent(
                        "evt_" + pi + "_r1",
                        "refund.created",
                        pi,
                        400,
                        ",\"id\":\"re_" + pi + "_1\",\"status\":\"succeeded\""));
            }
            if (i % 3 == 2) {
                events.add(stripeEvent(
                        "evt_" + pi + "_d",
                        "charge.dispute.closed",
                        pi,
                        1000,
                        ",\"id\":\"dp_" + pi + "\",\"status\":\"lost\""));
            }
            byPayment.put(pi, events);
        }
        return byPayment;
    }

    private static String eventId(String stripeEvent) {
        int start = stripeEvent.indexOf("\"id\":\"") + 6;
        return stripeEvent.substring(start, stripeEvent.indexOf('"', start));
    }

    private static String expectedStatus(String paymentId) {
        int i = Integer.parseInt(paymentId.substring(paymentId.lastIndexOf('_') + 1));
        return switch (i % 3) {
            case 1 -> "PARTIALLY_REFUNDED";
            case 2 -> "CHARGED_BACK";
            default -> "CAPTURED";
        };
    }

    @Test
    void webhooksInAnyOrderTwiceBecomeTheSameStateAndReplaysChangeNothing() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String applicationId = "payhook-processor-it-" + run;
        String stateDir = Files.createTempDirectory("processor-it").toString();
        ConfigurableApplicationContext processor = startProcessor(applicationId, stateDir);
        int port = port(processor);

        Map<String, List<String>> lifecycles = lifecycles(run, 12);
        List<String> deliveries = new ArrayList<>();
        lifecycles.values().forEach(deliveries::addAll);
        lifecycles.values().forEach(events -> deliveries.addAll(events)); // every event delivered twice
        Collections.shuffle(deliveries, new Random(7));
        for (String body : deliveries) {
            assertThat(post(body)).isEqualTo(200);
        }

        Map<String, String> snapshots = new HashMap<>();
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> {
                    for (String paymentId : lifecycles.keySet()) {
                        HttpResponse<String> response = payment(port, paymentId);
                        assertThat(response.statusCode()).as(paymentId).isEqualTo(200);
                        assertThat(response.body()).contains("\"status\":\"" + expectedStatus(paymentId) + "\"");
                        assertThat(response.body())
                                .contains("\"appliedEventIds\":[")
                                .contains("\"capturedAmount\":1000");
                        // Every event of the payment applied, not just enough of them for its status.
                        for (String event : lifecycles.get(paymentId)) {
                            assertThat(response.body()).contains("stripe:" + eventId(event));
                        }
                        snapshots.put(paymentId, response.body());
                    }
                });
        assertThat(payment(port, "pi_never_seen").statusCode()).isEqualTo(404);
        // The state store answers queries before its transaction commits; count the committed
        // transitions only once the input offsets (committed in the same transaction) are at the end.
        ConsumerGroups.awaitCaughtUp(BOOTSTRAP, applicationId, List.of(Topics.WEBHOOKS));
        List<PaymentTransition> transitionsBefore = transitionsOf(run);
        // Which statuses a payment passed through depends on arrival order (a capture that arrives
        // first goes straight to CAPTURED), but its transitions always form one chain from nothing to
        // its final status, with no step emitted twice.
        Map<String, List<PaymentTransition>> byPayment =
                transitionsBefore.stream().collect(Collectors.groupingBy(PaymentTransition::paymentId));
        assertThat(byPayment.keySet()).isEqualTo(lifecycles.keySet());
        byPayment.forEach((paymentId, chain) -> {
            assertThat(chain.get(0).from()).as(paymentId + " first transition").isNull();
            for (int i = 1; i < chain.size(); i++) {
                assertThat(chain.get(i).from())
                        .as(paymentId + " transition " + i)
                        .isEqualTo(chain.get(i - 1).to());
            }
            assertThat(chain.get(chain.size() - 1).to().name())
                    .as(paymentId + " last transition")
                    .isEqualTo(expectedStatus(paymentId));
            assertThat(chain).extracting(PaymentTransition::to).doesNotHaveDuplicates();
        });

        // Incident replay: processor stopped, its input offsets rewound to the beginning, restarted.
        processor.close();
        ConsumerGroups.rewindToEarliest(BOOTSTRAP, applicationId, List.of(Topics.WEBHOOKS));
        processor = startProcessor(applicationId, stateDir);
        ConsumerGroups.awaitCaughtUp(BOOTSTRAP, applicationId, List.of(Topics.WEBHOOKS));
        for (String paymentId : lifecycles.keySet()) {
            assertThat(payment(port(processor), paymentId).body()).isEqualTo(snapshots.get(paymentId));
        }
        assertThat(transitionsOf(run)).isEqualTo(transitionsBefore);
        processor.close();

        // Full rebuild: a new application with empty local state, from the earliest offset.
        ConfigurableApplicationContext rebuilt = startProcessor(
                applicationId + "-rebuild",
                Files.createTempDirectory("processor-rebuild").toString());
        int rebuiltPort = port(rebuilt);
        try {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(300))
                    .untilAsserted(() -> {
                        for (String paymentId : lifecycles.keySet()) {
                            // Snapshots carry no wall-clock time: a rebuild must reproduce them byte for byte.
                            assertThat(payment(rebuiltPort, paymentId).body())
                                    .as(paymentId)
                                    .isEqualTo(snapshots.get(paymentId));
                        }
                    });
        } finally {
            rebuilt.close();
        }
    }

    /** This run's committed transitions, in topic order (one partition per payment, so in order per payment). */
    private static List<PaymentTransition> transitionsOf(String run) {
        return records(Topics.PAYMENT_TRANSITIONS, key -> key.contains("_" + run + "_")).stream()
                .map(value ->
                        TRANSITIONS.deserialize(Topics.PAYMENT_TRANSITIONS, value.getBytes(StandardCharsets.UTF_8)))
                .toList();
    }

    /** Values of the committed records on the topic, up to its end now, whose key matches, in order per partition. */
    private static List<String> records(String topic, Predicate<String> key) {
        return TopicReader.all(BOOTSTRAP, topic, r -> r.key() != null && key.test(r.key())).stream()
                .map(ConsumerRecord::value)
                .toList();
    }
}
