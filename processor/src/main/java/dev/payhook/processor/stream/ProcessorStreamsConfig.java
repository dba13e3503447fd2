package dev.payhook.processor.stream;

import dev.payhook.common.Topics;
import dev.payhook.processor.ProcessorProperties;
import dev.payhook.streams.StreamsServiceConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.StreamsBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.TopicBuilder;

@Configuration(proxyBeanMethods = false)
@Import(StreamsServiceConfig.class)
class ProcessorStreamsConfig {

    @Bean
    Object paymentTopology(StreamsBuilder builder, ProcessorProperties properties, ProcessorMetrics metrics) {
        PaymentTopology.build(builder, properties.dedupWindow(), properties.limits(), metrics);
        return PaymentTopology.class;
    }

    /** Locally and in tests; on Kubernetes topics are Strimzi KafkaTopic resources. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "payhook.processor.topics.create", havingValue = "true", matchIfMissing = true)
    static class TopicProvisioning {

        @Bean
        NewTopic webhooksTopic(ProcessorProperties properties) {
            return TopicBuilder.name(Topics.WEBHOOKS).partitions(properties.topics().partitions()).build();
        }

        /** Compacted: the latest snapshot per payment is the state; older ones may go. */
        @Bean
        NewTopic paymentsTopic(ProcessorProperties properties) {
            return TopicBuilder.name(Topics.PAYMENTS).partitions(properties.topics().partitions())
                    .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT).build();
        }

        @Bean
        NewTopic transitionsTopic(ProcessorProperties properties) {
            return TopicBuilder.name(Topics.PAYMENT_TRANSITIONS).partitions(properties.topics().partitions()).build();
        }

        @Bean
        NewTopic deadLetterTopic() {
            return TopicBuilder.name(Topics.WEBHOOKS_DEAD_LETTER).partitions(1).build();
        }
    }
}
