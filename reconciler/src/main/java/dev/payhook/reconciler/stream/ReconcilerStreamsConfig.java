package dev.payhook.reconciler.stream;

import dev.payhook.common.Topics;
import dev.payhook.reconciler.ReconcilerProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
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
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.streams.KafkaStreamsInteractiveQueryService;
import org.springframework.kafka.streams.KafkaStreamsMicrometerListener;

@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
class ReconcilerStreamsConfig {

    @Bean
    Object reconciliationTopology(StreamsBuilder builder, ReconcilerProperties properties, ReconcilerMetrics metrics) {
        ReconciliationTopology.build(builder, properties.settlementDelay(), metrics);
        return ReconciliationTopology.class;
    }

    /** Leave the group on shutdown so a replay's offset reset can run right after stopping (see the RUNBOOK). */
    @Bean
    StreamsBuilderFactoryBeanConfigurer streamsLifecycle(MeterRegistry meters) {
        return factory -> {
            factory.addListener(new KafkaStreamsMicrometerListener(meters));
            factory.setLeaveGroupOnClose(true);
            // A stream thread that dies (e.g. a source topic created a moment ago whose metadata
            // has not reached the broker yet) is replaced rather than taking the application down.
            factory.setStreamsUncaughtExceptionHandler(e -> org.apache.kafka.streams.errors
                    .StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD);
        };
    }

    @Bean
    CoPartitioning coPartitioning(KafkaAdmin admin) {
        return new CoPartitioning(admin);
    }

    @Bean
    KafkaStreamsInteractiveQueryService interactiveQueries(StreamsBuilderFactoryBean streams) {
        return new KafkaStreamsInteractiveQueryService(streams);
    }

    @Bean("kafkaStreams")
    HealthIndicator kafkaStreamsHealth(StreamsBuilderFactoryBean streams) {
        return () -> {
            KafkaStreams kafkaStreams = streams.getKafkaStreams();
            KafkaStreams.State state = kafkaStreams == null ? null : kafkaStreams.state();
            boolean up = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
            return (up ? Health.up() : Health.down()).withDetail("state", String.valueOf(state)).build();
        };
    }

    /**
     * Locally and in tests; on Kubernetes topics are Strimzi KafkaTopic resources. The inputs are
     * declared too (creation is skipped for topics that exist) so the reconciler can start first.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "payhook.reconciler.topics.create", havingValue = "true", matchIfMissing = true)
    static class TopicProvisioning {

        @Bean
        NewTopic paymentsTopic(ReconcilerProperties properties) {
            return compacted(Topics.PAYMENTS, properties);
        }

        @Bean
        NewTopic settlementsTopic(ReconcilerProperties properties) {
            return TopicBuilder.name(Topics.SETTLEMENTS).partitions(properties.topics().partitions()).build();
        }

        @Bean
        NewTopic resolutionsTopic(ReconcilerProperties properties) {
            return TopicBuilder.name(Topics.DISCREPANCY_RESOLUTIONS).partitions(properties.topics().partitions()).build();
        }

        /** Compacted: the latest version of each discrepancy is what it is now. */
        @Bean
        NewTopic discrepanciesTopic(ReconcilerProperties properties) {
            return compacted(Topics.DISCREPANCIES, properties);
        }

        @Bean
        NewTopic matchesTopic(ReconcilerProperties properties) {
            return TopicBuilder.name(Topics.MATCHES).partitions(properties.topics().partitions()).build();
        }

        private static NewTopic compacted(String name, ReconcilerProperties properties) {
            return TopicBuilder.name(name).partitions(properties.topics().partitions())
                    .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT).build();
        }
    }
}
