package dev.payhook.processor.stream;

import dev.payhook.common.Topics;
import dev.payhook.processor.ProcessorProperties;
import dev.payhook.streams.StreamsServiceConfig;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.core.KafkaAdmin;

@Configuration(proxyBeanMethods = false)
@Import(StreamsServiceConfig.class)
class ProcessorStreamsConfig {

    @Bean
    Object paymentTopology(StreamsBuilder builder, ProcessorProperties properties, ProcessorMetrics metrics) {
        PaymentTopology.build(builder, properties.limits(), metrics);
        return PaymentTopology.class;
    }

    @Bean
    ProcessorWarmup processorWarmup(ProcessorProperties properties, StreamsBuilderFactoryBean streams) {
        return new ProcessorWarmup(properties.warmup().events(), properties.limits(), () -> {
            Properties config = new Properties();
            config.putAll(streams.getStreamsConfiguration());
            return config;
        });
    }

    /** Locally and in tests; on Kubernetes topics are Strimzi KafkaTopic resources. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "payhook.processor.topics.create", havingValue = "true", matchIfMissing = true)
    static class TopicProvisioning {

        @Bean
        KafkaAdmin.NewTopics processorTopics(ProcessorProperties properties) {
            return new KafkaAdmin.NewTopics(Topics.newTopics(
                    properties.topics().partitions(),
                    Topics.WEBHOOKS,
                    Topics.PAYMENTS,
                    Topics.PAYMENT_TRANSITIONS,
                    Topics.WEBHOOKS_DEAD_LETTER));
        }
    }
}
