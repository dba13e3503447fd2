package dev.payhook.ingress.publish;

import dev.payhook.common.Topics;
import dev.payhook.ingress.IngressProperties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

@Configuration(proxyBeanMethods = false)
class KafkaPublishingConfig {

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
                    Topics.WEBHOOKS_QUARANTINE,
                    Topics.RECOVERY_CHECKPOINTS,
                    Topics.INGRESS_WARMUP));
        }
    }
}
