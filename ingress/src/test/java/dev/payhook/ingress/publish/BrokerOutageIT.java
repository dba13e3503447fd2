package dev.payhook.ingress.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.net.Webhook;
import dev.payhook.common.Topics;
import dev.payhook.ingress.IngressApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * With the broker gone, the ingress must answer 503 with Retry-After within its deadline and
 * never 2xx. This test owns a broker of its own, since it stops it.
 */
class BrokerOutageIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private EmbeddedKafkaKraftBroker broker;
    private ConfigurableApplicationContext ingress;

    @AfterEach
    void stop() {
        if (ingress != null) {
            ingress.close();
        }
        if (broker != null) {
            broker.destroy();
        }
    }

    private HttpResponse<String> postSignedWebhook(int port) throws Exception {
        String body = "{\"id\":\"evt_" + UUID.randomUUID() + "\",\"type\":\"payment_intent.succeeded\",\"created\":1,"
                + "\"data\":{\"object\":{\"id\":\"pi_outage\",\"amount_received\":100,\"currency\":\"usd\"}}}";
        String signature = Webhook.Signature.generateSignatureHeader(body, "whsec_payhook_local_stripe_secret");
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/stripe"))
                        .header("Stripe-Signature", signature)
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withTheBrokerStoppedTheIngressAnswers503WithRetryAfterAndNever2xx() throws Exception {
        broker = new EmbeddedKafkaKraftBroker(1, 1, Topics.WEBHOOKS, Topics.WEBHOOKS_QUARANTINE);
        broker.brokerListProperty("payhook.outage.test.brokers");
        // afterPropertiesSet also overwrites spring.embedded.kafka.brokers; the tests that run after
        // this one must keep talking to the global broker, not to this one that is about to die.
        String globalBroker = System.getProperty("spring.embedded.kafka.brokers");
        broker.afterPropertiesSet();
        System.setProperty("spring.embedded.kafka.brokers", globalBroker);
        ingress = new SpringApplicationBuilder(IngressApplication.class)
                .properties(IngressApplication.CONFIG_NAME)
                .profiles("local")
                .run(
                        "--server.port=0",
                        "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                        "--payhook.publish-timeout=2s",
                        "--payhook.retry-after=7s",
                        "--payhook.topics.create=false",
                        // Undeliverable records are given up on quickly, so closing the context does not wait 30 s.
                        "--spring.kafka.producer.properties.request.timeout.ms=1000",
                        "--spring.kafka.producer.properties.delivery.timeout.ms=3000");
        int port = ((WebServerApplicationContext) ingress).getWebServer().getPort();

        assertThat(postSignedWebhook(port).statusCode()).isEqualTo(200);

        broker.destroy();
        broker = null;

        // Each answer comes at the publish deadline; a request left hanging fails on the client's timeout.
        for (int attempt = 0; attempt < 3; attempt++) {
            HttpResponse<String> response = postSignedWebhook(port);

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
            assertThat(response.body()).contains("urn:payhook:problem:broker-unavailable");
        }
        HttpResponse<String> readiness = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(readiness.statusCode()).isEqualTo(503);
        assertThat(readiness.body()).contains("\"DOWN\"");
    }
}
