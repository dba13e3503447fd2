package dev.payhook.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.PaymentEvent;
import dev.payhook.common.PaymentState;
import dev.payhook.processor.state.PaymentFacts;
import dev.payhook.processor.state.PaymentStateMachine;
import dev.payhook.provider.Mapping;
import dev.payhook.provider.Providers;
import dev.payhook.provider.WebhookRequest;
import dev.payhook.testkit.SignedWebhook;
import dev.payhook.testkit.WebhookFixtures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpHeaders;

/**
 * Each provider lifecycle, webhook by webhook through the provider's mapper into the state machine,
 * in the order sent and in shuffled orders with redeliveries: always the documented end state.
 */
class ProviderLifecyclesTest {

    static List<ProviderLifecycles> lifecycles() {
        return ProviderLifecycles.all();
    }

    static List<PaymentEvent> mapped(ProviderLifecycles lifecycle) {
        List<PaymentEvent> events = new ArrayList<>();
        for (String fixture : lifecycle.fixtures()) {
            SignedWebhook webhook = WebhookFixtures.signed(lifecycle.provider(), fixture);
            HttpHeaders headers = new HttpHeaders();
            webhook.headers().forEach(headers::add);
            Mapping mapping = Providers.named(lifecycle.provider())
                    .map(new WebhookRequest(
                            lifecycle.provider(),
                            lifecycle.provider(),
                            headers,
                            webhook.body().getBytes(StandardCharsets.UTF_8),
                            Instant.parse("2026-11-20T12:00:00Z")));
            events.addAll(mapping.events());
        }
        return events;
    }

    static PaymentState fold(List<PaymentEvent> events, String paymentId) {
        PaymentFacts facts = null;
        for (PaymentEvent event : events) {
            if (event.paymentId().equals(paymentId)) {
                facts = PaymentStateMachine.apply(facts, event);
            }
        }
        return PaymentStateMachine.state(facts);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lifecycles")
    void endsInTheDocumentedStateInAnyOrder(ProviderLifecycles lifecycle) {
        List<PaymentEvent> events = mapped(lifecycle);
        PaymentState state = fold(events, lifecycle.paymentId());

        assertThat(state.status()).isEqualTo(lifecycle.status());
        assertThat(state.capturedAmount()).isEqualTo(lifecycle.capturedAmount());
        assertThat(state.refundedAmount()).isEqualTo(lifecycle.refundedAmount());
        assertThat(state.reversedRefunds()).containsExactlyInAnyOrderElementsOf(lifecycle.reversedRefunds());
        assertThat(state.disputes()).containsExactlyInAnyOrderEntriesOf(lifecycle.disputes());
        assertThat(state.anomalies())
                .extracting(anomaly -> anomaly.substring(0, anomaly.indexOf(':')))
                .containsExactlyElementsOf(lifecycle.anomalies());

        Random random = new Random(lifecycle.name().hashCode());
        for (int run = 0; run < 20; run++) {
            List<PaymentEvent> delivered = new ArrayList<>(events);
            delivered.add(events.get(random.nextInt(events.size())));
            Collections.shuffle(delivered, random);
            assertThat(fold(delivered, lifecycle.paymentId())).isEqualTo(state);
        }
    }
}
