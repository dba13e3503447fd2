package dev.payhook.reconciler.stream;

import dev.payhook.common.Topics;
import dev.payhook.reconciler.ReconcilerProperties;
import dev.payhook.streams.StreamsServiceConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

@Configuration(proxyBeanMethods = false)
@Import(StreamsServiceConfig.class)
class ReconcilerStreamsConfig {

    @Bean
    Object reconciliationTopology(StreamsBuilder builder, ReconcilerProperties properties, ReconcilerMetrics metrics) {
        ReconciliationTopology.build(builder, properties.settlementDelay(), properties.maxLinesPerPayment(), metrics);
        return ReconciliationTopology.class;
    }

    @Bean
    CoPartitioning coPartitioning(KafkaAdmin admin) {
        return new CoPartitioning(admin);
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

        @Bean
        NewTopic deadLetterTopic() {
            return TopicBuilder.name(Topics.RECONCILER_DEAD_LETTER).partitions(1).build();
        }

        private static NewTopic compacted(String name, ReconcilerProperties properties) {
            return TopicBuilder.name(name).partitions(properties.topics().partitions())
                    .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT).build();
        }
    }
}
