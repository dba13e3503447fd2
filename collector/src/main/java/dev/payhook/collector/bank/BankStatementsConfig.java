package dev.payhook.collector.bank;

import dev.payhook.collector.CollectorTask;
import dev.payhook.collector.CompactedLog;
import dev.payhook.common.ReportCollection;
import dev.payhook.common.Topics;
import dev.payhook.provider.publish.SettlementPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

/** Bank statement collection: one of the collector's tasks, when any SFTP drop is configured. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BankStatementCollectionProperties.class)
class BankStatementsConfig {

    @Bean
    BankStatementCollector bankStatementCollector(
            BankStatementCollectionProperties properties,
            KafkaProperties kafka,
            KafkaTemplate<String, byte[]> template,
            ObjectProvider<SettlementPublisher> publishers,
            MeterRegistry meters) {
        SettlementPublisher publisher = publishers.getIfAvailable(() -> new SettlementPublisher(
                template.getProducerFactory(), "payhook-collector-statements", 8L << 20, Duration.ofSeconds(60)));
        return new BankStatementCollector(
                properties,
                new CompactedLog<>(
                        Topics.REPORT_COLLECTIONS, ReportCollection.class, kafka.buildConsumerProperties(), template),
                publisher,
                meters,
                Clock.systemUTC());
    }

    @Bean
    CollectorTask bankStatements(BankStatementCollector collector, BankStatementCollectionProperties properties) {
        return new CollectorTask() {
            @Override
            public String name() {
                return "bank-statements";
            }

            @Override
            public Duration interval() {
                return properties.interval();
            }

            @Override
            public List<String> runOnce() {
                return properties.sftp().isEmpty() ? List.of() : collector.collect();
            }
        };
    }
}
