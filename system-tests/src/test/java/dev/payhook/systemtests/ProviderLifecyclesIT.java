package dev.payhook.systemtests;

import static dev.payhook.systemtests.Services.port;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.JsonSerde;
import dev.payhook.common.PaymentState;
import dev.payhook.testkit.SignedWebhook;
import dev.payhook.testkit.WebhookFixtures;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One lifecycle per provider that money moves back in, sent as the provider's own signed webhooks
 * to the ingress, shuffled and with a redelivery, through the real broker: the processor's
 * {@code GET /payments/{id}} ends in the state docs/DESIGN.md documents.
 */
class ProviderLifecyclesIT {

    @Test
    void reversalsThroughTheBrokerEndInTheDocumentedState() throws Exception {
        List<ProviderLifecycles> lifecycles = ProviderLifecycles.all().stream()
                .filter(l -> List.of(
                                "won, then a second chargeback",
                                "a refund that fails after it succeeded",
                                "authorized by name, captured by its entity, refunded, and the refund failed")
                        .contains(l.name()))
                .toList();
        assertThat(lifecycles).extracting(ProviderLifecycles::provider).containsExactly("adyen", "stripe", "razorpay");
        ConfigurableApplicationContext ingress = Services.ingress();
        ConfigurableApplicationContext processor = Services.processor(
                Files.createTempDirectory("processor-lifecycles").toString(),
                "--spring.kafka.streams.application-id=payhook-processor-lifecycles");
        try {
            Random random = new Random(26);
            for (ProviderLifecycles lifecycle : lifecycles) {
                List<String> sent = new ArrayList<>(lifecycle.fixtures());
                sent.add(sent.get(random.nextInt(sent.size())));
                Collections.shuffle(sent, random);
                for (String fixture : sent) {
                    SignedWebhook webhook = WebhookFixtures.signed(lifecycle.provider(), fixture);
                    HttpResponse<String> answer = Services.post(
                            "http://localhost:" + port(ingress) + "/webhooks/" + webhook.source(),
                            webhook.body(),
                            webhook.headers());
                    assertThat(answer.statusCode())
                            .as(fixture + ": " + answer.body())
                            .isEqualTo(200);
                }
            }
            for (ProviderLifecycles lifecycle : lifecycles) {
                int events = ProviderLifecyclesTest.mapped(lifecycle).size();
                Awaitility.await(lifecycle.toString())
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(300))
                        .ignoreExceptions()
                        .untilAsserted(() -> {
                            PaymentState state = JsonSerde.MAPPER.readValue(
                                    Services.get("http://localhost:" + port(processor) + "/payments/"
                                                    + lifecycle.paymentId())
                                            .body(),
                                    PaymentState.class);
                            assertThat(state.eventCount()).isEqualTo(events);
                            assertThat(state.status()).isEqualTo(lifecycle.status());
                            assertThat(state.capturedAmount()).isEqualTo(lifecycle.capturedAmount());
                            assertThat(state.refundedAmount()).isEqualTo(lifecycle.refundedAmount());
                            assertThat(state.reversedRefunds())
                                    .containsExactlyInAnyOrderElementsOf(lifecycle.reversedRefunds());
                            assertThat(state.disputes()).containsExactlyInAnyOrderEntriesOf(lifecycle.disputes());
                        });
            }
        } finally {
            processor.close();
            ingress.close();
        }
    }
}
