package dev.payhook.ingress.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.JsonSerde;
import dev.payhook.common.QuarantinedWebhook;
import dev.payhook.common.Topics;
import dev.payhook.ingress.IngressApplication;
import dev.payhook.provider.WebhookSources;
import dev.payhook.provider.publish.EventPublisher;
import dev.payhook.testkit.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * After a mapping fix, quarantined webhooks that now map are published once; the others stay in
 * quarantine with their reason; a dry run publishes nothing.
 */
@SpringBootTest(
        properties = {IngressApplication.CONFIG_NAME, "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}"
        })
@ActiveProfiles("local")
class QuarantineRequeueIT {

    @Value("${spring.embedded.kafka.brokers}")
    String bootstrap;

    @Autowired
    WebhookSources sources;

    @Autowired
    EventPublisher publisher;

    @Test
    void quarantinedWebhooksThatNowMapArePublishedAndTheRestStay() throws Exception {
        Instant from = Instant.now();
        String paymentId = "pi_" + UUID.randomUUID();
        String eventId = "evt_" + UUID.randomUUID();
        // Quarantined by an older build whose mapping did not know this event; today's maps it.
        String nowMappable =
                """
                {"id":"%s","object":"event","type":"payment_intent.succeeded","created":1,"data":{"object":{"id":"%s",
                "object":"payment_intent","amount":4200,"amount_received":4200,"currency":"eur","metadata":{}}}}"""
                        .formatted(eventId, paymentId);
        String stillUnknown = "{\"id\":\"evt_" + UUID.randomUUID()
                + "\",\"type\":\"customer.created\",\"created\":1,\"data\":{\"object\":{\"id\":\"cus_1\"}}}";
        quarantine(nowMappable, "unknown event type payment_intent.succeeded");
        quarantine(stillUnknown, "unknown event type customer.created");

        QuarantineRequeue requeue = new QuarantineRequeue(sources, publisher);
        QuarantineRequeue.Report dryRun = requeue(requeue, from, false);
        assertThat(dryRun.requeued()).isEqualTo(1);
        assertThat(dryRun.stillUnmappable())
                .hasSize(1)
                .hasKeySatisfying(new org.assertj.core.api.Condition<>(
                        reason -> reason.contains("customer.created"), "customer.created"));
        assertThat(dryRun.render()).contains("DRY RUN: 1 quarantined webhook(s) now map");

        QuarantineRequeue.Report executed = requeue(requeue, from, true);
        assertThat(executed.requeued()).isEqualTo(1);
        assertThat(executed.events()).isEqualTo(1);
        // Exactly one event for the payment: the dry run published nothing.
        TopicReader.await(bootstrap, Topics.WEBHOOKS, r -> r.value().contains(eventId), 1);
        assertThat(TopicReader.all(bootstrap, Topics.WEBHOOKS, r -> r.value().contains(eventId)))
                .singleElement()
                .satisfies(r -> assertThat(r.key()).isEqualTo(paymentId));
    }

    private QuarantineRequeue.Report requeue(QuarantineRequeue requeue, Instant from, boolean execute)
            throws Exception {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", bootstrap, "isolation.level", "read_committed"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            return requeue.requeue(consumer, from, Instant.now().plus(Duration.ofMinutes(1)), execute);
        }
    }

    private void quarantine(String body, String reason) throws Exception {
        QuarantinedWebhook quarantined = QuarantinedWebhook.of(
                "stripe",
                "stripe",
                reason,
                Instant.now(),
                Map.of("Stripe-Signature", List.of("t=1,v1=00")),
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", bootstrap), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            Topics.WEBHOOKS_QUARANTINE,
                            "stripe",
                            JsonSerde.of(QuarantinedWebhook.class).toBytes(quarantined)))
                    .get();
        }
    }
}
