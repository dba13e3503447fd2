package dev.payhook.processor.stream;

import dev.payhook.common.Topics;
import dev.payhook.processor.ProcessorProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.streams.KafkaStreamsInteractiveQueryService;
import org.springframework.kafka.streams.KafkaStreamsMicrometerListener;

@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
class ProcessorStreamsConfig {

    @Bean
    Object paymentTopology(StreamsBuilder builder, ProcessorProperties properties, ProcessorMetrics metrics) {
        PaymentTopology.build(builder, properties.dedupWindow(), metrics);
        return PaymentTopology.class;
    }

    /**
     * Leave the consumer group on shutdown: partitions move to the other instances at once, and an
     * operator can rewind the group's offsets for a replay right after stopping it, instead of
     * waiting out the session timeout.
     */
    @Bean
    StreamsBuilderFactoryBeanConfigurer streamsLifecycle(MeterRegistry meters) {
        return factory -> {
            factory.addListener(new KafkaStreamsMicrometerListener(meters));
            factory.setLeaveGroupOnClose(true);
        };
    }

    @Bean
    KafkaStreamsInteractiveQueryService interactiveQueries(StreamsBuilderFactoryBean streams) {
        return new KafkaStreamsInteractiveQueryService(streams);
    }

    /** Ready while the streams application runs; a rebalance is brief and queries answer 503 meanwhile. */
    @Bean("kafkaStreams")
    HealthIndicator kafkaStreamsHealth(StreamsBuilderFactoryBean streams) {
        return () -> {
            KafkaStreams kafkaStreams = streams.getKafkaStreams();
            KafkaStreams.State state = kafkaStreams == null ? null : kafkaStreams.state();
            boolean up = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
            return (up ? Health.up() : Health.down()).withDetail("state", String.valueOf(state)).build();
        };
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
