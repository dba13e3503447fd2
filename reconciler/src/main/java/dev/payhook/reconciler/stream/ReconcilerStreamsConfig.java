package dev.payhook.reconciler.stream;

import dev.payhook.common.Topics;
import dev.payhook.reconciler.BankProperties;
import dev.payhook.reconciler.ReconcilerProperties;
import dev.payhook.reconciler.journal.ChartOfAccounts;
import dev.payhook.streams.StreamsServiceConfig;
import org.apache.kafka.streams.StreamsBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaAdmin;

@Configuration(proxyBeanMethods = false)
@Import(StreamsServiceConfig.class)
class ReconcilerStreamsConfig {

    @Bean
    Object reconciliationTopology(
            StreamsBuilder builder,
            ReconcilerProperties properties,
            BankProperties bank,
            ChartOfAccounts chart,
            ReconcilerMetrics metrics) {
        ReconciliationTopology.build(
                builder, properties.terms(), properties.maxLinesPerPayment(), bank.settings(), chart, metrics);
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
        KafkaAdmin.NewTopics reconcilerTopics(ReconcilerProperties properties) {
            return new KafkaAdmin.NewTopics(Topics.newTopics(
                    properties.topics().partitions(),
                    Topics.PAYMENTS,
                    Topics.SETTLEMENTS,
                    Topics.BANK_STATEMENTS,
                    Topics.DISCREPANCY_RESOLUTIONS,
                    Topics.DISCREPANCIES,
                    Topics.MATCHES,
                    Topics.JOURNAL,
                    Topics.PERIOD_CLOSES,
                    Topics.RECONCILER_DEAD_LETTER,
                    Topics.REPORT_COLLECTIONS));
        }
    }
}
