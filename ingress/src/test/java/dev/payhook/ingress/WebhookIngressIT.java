package dev.payhook.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.net.Webhook;
import dev.payhook.common.JsonSerde;
import dev.payhook.common.PaymentEvent;
import dev.payhook.common.QuarantinedWebhook;
import dev.payhook.common.Topics;
import dev.payhook.testkit.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** The ingress against a real in-process KRaft broker: what a 2xx promises is on the topic. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {IngressApplication.CONFIG_NAME, "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}"
        })
@ActiveProfiles("local")
class WebhookIngressIT {

    private static final String STRIPE_SECRET = "whsec_payhook_local_stripe_secret";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Value("${spring.embedded.kafka.brokers}")
    String bootstrap;

    private HttpResponse<String> post(String source, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/webhooks/" + source))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String stripeEvent(String eventId, String type, String paymentIntent) {
        return """
                {"id":"%s","object":"event","type":"%s","created":%d,"data":{"object":{"id":"%s",
                "object":"payment_intent","amount":4200,"amount_received":4200,"currency":"eur",
                "metadata":{"order_id":"ord_it"}}}}"""
                .formatted(eventId, type, System.currentTimeMillis() / 1000, paymentIntent);
    }

    private static Map<String, String> stripeSigned(String body) throws Exception {
        return Map.of("Stripe-Signature", Webhook.Signature.generateSignatureHeader(body, STRIPE_SECRET));
    }

    @Test
    void aStripeSignedWebhookIsOnTheTopicKeyedByPaymentWhenAnswered2xx() throws Exception {
        String eventId = "evt_" + UUID.randomUUID();
        String paymentId = "pi_" + UUID.randomUUID();
        String body = stripeEvent(eventId, "payment_intent.succeeded", paymentId);

        HttpResponse<String> response = post("stripe", body, stripeSigned(body));

        assertThat(response.statusCode()).isEqualTo(200);
        ConsumerRecord<String, String> record = TopicReader.await(
                        bootstrap, Topics.WEBHOOKS, r -> r.value().contains(eventId), 1)
                .get(0);
        PaymentEvent event = JsonSerde.of(PaymentEvent.class)
                .deserialize(Topics.WEBHOOKS, record.value().getBytes(StandardCharsets.UTF_8));
        assertThat(record.key()).isEqualTo(paymentId);
        assertThat(event.eventId()).isEqualTo(eventId);
        assertThat(event.amount()).isEqualTo(4200);
        assertThat(event.currency()).isEqualTo("EUR");
        assertThat(event.payload().path("id").asString()).isEqualTo(eventId);
    }

    @Test
    void aVerifiedButUnmappableWebhookIsQuarantinedAndStillAnswered2xx() throws Exception {
        String eventId = "evt_" + UUID.randomUUID();
        String body = "{\"id\":\"" + eventId
                + "\",\"type\":\"customer.created\",\"created\":1,\"data\":{\"object\":{\"id\":\"cus_1\"}}}";

        assertThat(post("stripe", body, stripeSigned(body)).statusCode()).isEqualTo(200);

        ConsumerRecord<String, String> record = TopicReader.await(
                        bootstrap, Topics.WEBHOOKS_QUARANTINE, r -> r.value().contains(eventId), 1)
                .get(0);
        QuarantinedWebhook quarantined = JsonSerde.of(QuarantinedWebhook.class)
                .deserialize(Topics.WEBHOOKS_QUARANTINE, record.value().getBytes(StandardCharsets.UTF_8));
        assertThat(quarantined.reason()).contains("customer.created");
        assertThat(quarantined.body()).isEqualTo(body);
        assertThat(quarantined.headers()).containsKey("Stripe-Signature");
    }

    @Test
    void anAdyenNotificationWithSeveralItemsBecomesSeveralEventsAndIsAnsweredAccepted() throws Exception {
        String payment = "PSP" + Math.abs(UUID.randomUUID().getMostSignificantBits());
        var validator = new com.adyen.util.HMACValidator();
        String key = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";
        var auth = new com.adyen.model.notification.NotificationRequestItem()
                .setPspReference(payment)
                .setMerchantAccountCode("M")
                .setMerchantReference("o")
                .setEventCode("AUTHORISATION")
                .setSuccess(true)
                .setAmount(new com.adyen.model.notification.Amount()
                        .currency("JPY")
                        .value(1500L));
        var capture = new com.adyen.model.notification.NotificationRequestItem()
                .setPspReference(payment + "C")
                .setOriginalReference(payment)
                .setMerchantAccountCode("M")
                .setMerchantReference("o")
                .setEventCode("CAPTURE")
                .setSuccess(true)
                .setAmount(new com.adyen.model.notification.Amount()
                        .currency("JPY")
                        .value(1500L));
        String item =
                """
                {"NotificationRequestItem":{"pspReference":"%s",%s"merchantAccountCode":"M","merchantReference":"o",
                "eventCode":"%s","success":"true","amount":{"currency":"JPY","value":1500},
                "additionalData":{"hmacSignature":"%s"}}}""";
        String body = "{\"live\":\"false\",\"notificationItems\":["
                + item.formatted(payment, "", "AUTHORISATION", validator.calculateHMAC(auth, key)) + ","
                + item.formatted(
                        payment + "C",
                        "\"originalReference\":\"" + payment + "\",",
                        "CAPTURE",
                        validator.calculateHMAC(capture, key))
                + "]}";

        HttpResponse<String> response = post("adyen", body, Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("[accepted]");
        List<ConsumerRecord<String, String>> records =
                TopicReader.await(bootstrap, Topics.WEBHOOKS, r -> payment.equals(r.key()), 2);
        assertThat(records)
                .extracting(ConsumerRecord::value)
                .anySatisfy(v -> assertThat(v)
                        .contains(payment + ":AUTHORISATION:true", "\"amount\":1500", "\"currency\":\"JPY\""))
                .anySatisfy(v -> assertThat(v).contains(payment + "C:CAPTURE:true"));
    }

    @Test
    void everyRefusalIsAProblemDetailWithTheRightStatus() throws Exception {
        String body = stripeEvent("evt_x", "payment_intent.succeeded", "pi_x");
        var badSignature = post("stripe", body, Map.of("Stripe-Signature", "t=1,v1=" + "00".repeat(32)));
        var noSignature = post("stripe", body, Map.of());
        var unknownSource = post("paypal", body, Map.of());
        var tooLarge = post("stripe", "x".repeat(1024 * 1024 + 1), stripeSigned("x"));
        var wrongMethod = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/stripe"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(badSignature.statusCode()).isEqualTo(401);
        assertThat(badSignature.body())
                .contains("\"type\":\"urn:payhook:problem:invalid-signature\"", "signature_mismatch");
        assertThat(noSignature.statusCode()).isEqualTo(401);
        assertThat(noSignature.body()).contains("missing_signature");
        assertThat(unknownSource.statusCode()).isEqualTo(404);
        assertThat(unknownSource.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).contains("application/problem+json"));
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).contains("application/problem+json"));
        for (var response : List.of(badSignature, noSignature, unknownSource, tooLarge)) {
            assertThat(response.body()).doesNotContain(STRIPE_SECRET);
        }
    }

    @Test
    void readinessReflectsTheBrokerAndMetricsCountBySource() throws Exception {
        String accepted = "payhook_webhooks_accepted_total{application=\"payhook-ingress\",source=\"stripe\"}";
        String rejected =
                "payhook_webhooks_rejected_total{application=\"payhook-ingress\",reason=\"signature_mismatch\","
                        + "source=\"stripe\"}";
        String latency = "payhook_publish_latency_seconds_count{application=\"payhook-ingress\"}";
        String before = get("/actuator/prometheus").body();
        String body = stripeEvent("evt_" + UUID.randomUUID(), "payment_intent.created", "pi_m");
        assertThat(post("stripe", body, stripeSigned(body)).statusCode()).isEqualTo(200);
        assertThat(post("stripe", body, Map.of("Stripe-Signature", "t=1,v1=00")).statusCode())
                .isEqualTo(401);

        HttpResponse<String> readiness = get("/actuator/health/readiness");
        String after = get("/actuator/prometheus").body();

        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"kafka\"", "\"UP\"");
        // Counted from what this test sent, whatever other tests in the context sent before.
        assertThat(sample(after, accepted) - sample(before, accepted)).isEqualTo(1.0);
        assertThat(sample(after, rejected) - sample(before, rejected)).isEqualTo(1.0);
        assertThat(sample(after, latency) - sample(before, latency)).isEqualTo(1.0);
    }

    /** One series' value in Prometheus's text format; 0 when the series does not exist yet. */
    private static double sample(String metrics, String series) {
        return metrics.lines()
                .filter(line -> line.startsWith(series + " "))
                .findFirst()
                .map(line ->
                        Double.parseDouble(line.substring(series.length() + 1).trim()))
                .orElse(0.0);
    }
}
