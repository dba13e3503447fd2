package dev.payhook.ingress.publish;

import dev.payhook.common.Topics;
import dev.payhook.ingress.IngressProperties;
import dev.payhook.provider.publish.EventPublisher;
import dev.payhook.provider.publish.SettlementPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

@Configuration(proxyBeanMethods = false)
class KafkaPublishingConfig {

    /** A webhook's events, acknowledged within {@code payhook.publish-timeout} or answered 503. */
    @Bean
    EventPublisher eventPublisher(
            KafkaTemplate<String, byte[]> kafka, IngressProperties properties, MeterRegistry meters) {
        return new EventPublisher(kafka, properties.publishTimeout(), meters);
    }

    /** Uploaded reports, on a producer of their own so a million-line upload never slows a webhook. */
    @Bean
    SettlementPublisher settlementPublisher(KafkaTemplate<String, byte[]> kafka, IngressProperties properties) {
        return new SettlementPublisher(
                kafka.getProducerFactory(),
                "payhook-ingress-settlements",
                properties.settlements().producerBuffer().toBytes(),
                properties.settlements().publishTimeout());
    }

    /**
     * send() blocks while it has no metadata for the topic (a broker that is down); bound that by
     * the same deadline as the acknowledgement so a request thread never waits 60 s, Kafka's default.
     */
    @Bean
    DefaultKafkaProducerFactoryCustomizer publishDeadline(IngressProperties properties) {
        return factory -> factory.updateConfigs(java.util.Map.of(
                ProducerConfig.MAX_BLOCK_MS_CONFIG, properties.publishTimeout().toMillis()));
    }

    /**
     * Locally and in tests the ingress creates its topics; on Kubernetes they are KafkaTopic
     * resources and {@code payhook.topics.create=false}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "payhook.topics.create", havingValue = "true", matchIfMissing = true)
    static class TopicProvisioning {

        @Bean
        KafkaAdmin.NewTopics ingressTopics(IngressProperties properties) {
            return new KafkaAdmin.NewTopics(Topics.newTopics(
                    properties.topics().partitions(),
                    Topics.WEBHOOKS,
                    Topics.SETTLEMENTS,
                    Topics.BANK_STATEMENTS,
                    Topics.WEBHOOKS_QUARANTINE,
                    Topics.REPORT_ANNOUNCEMENTS,
                    Topics.INGRESS_WARMUP));
        }
    }
}
