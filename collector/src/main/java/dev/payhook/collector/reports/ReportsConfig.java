package dev.payhook.collector.reports;

import dev.payhook.collector.CollectorTask;
import dev.payhook.collector.CompactedLog;
import dev.payhook.common.ReportCollection;
import dev.payhook.common.Topics;
import dev.payhook.provider.WebhookSources;
import dev.payhook.provider.publish.SettlementPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

/** Report collection, two of the collector's tasks: the days due, and the reports announced. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReportCollectionProperties.class)
@ConditionalOnProperty(name = "payhook.collector.reports.enabled", havingValue = "true", matchIfMissing = true)
class ReportsConfig {

    private static final Logger log = LoggerFactory.getLogger(ReportsConfig.class);

    @Bean
    SettlementPublisher settlementPublisher(KafkaTemplate<String, byte[]> kafka) {
        return new SettlementPublisher(
                kafka.getProducerFactory(), "payhook-collector-settlements", 32L << 20, Duration.ofSeconds(60));
    }

    @Bean
    ReportCollector reportCollector(
            ReportCollectionProperties properties,
            WebhookSources sources,
            KafkaProperties kafka,
            KafkaTemplate<String, byte[]> template,
            SettlementPublisher publisher,
            MeterRegistry meters) {
        ReportCollector collector = new ReportCollector(
                properties,
                List.copyOf(sources.all()),
                new CompactedLog<>(
                        Topics.REPORT_COLLECTIONS, ReportCollection.class, kafka.buildConsumerProperties(), template),
                publisher,
                new ReportMetrics(meters),
                Clock.systemUTC(),
                duration -> Thread.sleep(duration.toMillis()));
        log.info("reports: collecting the days of {}; announced reports of every source", collector.pulledSources());
        return collector;
    }

    @Bean
    ReportAnnouncements reportAnnouncements(KafkaProperties kafka, ReportCollector collector) {
        return new ReportAnnouncements(kafka.buildConsumerProperties(), collector);
    }

    @Bean
    CollectorTask reportDays(ReportCollector collector, ReportCollectionProperties properties) {
        return task("reports", properties.interval(), collector::collectDays);
    }

    @Bean
    CollectorTask announcedReports(ReportAnnouncements announcements, ReportCollectionProperties properties) {
        return task("announced-reports", properties.announcementsInterval(), announcements::run);
    }

    private interface Run {
        List<String> run() throws InterruptedException;
    }

    private static CollectorTask task(String name, Duration interval, Run run) {
        return new CollectorTask() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Duration interval() {
                return interval;
            }

            @Override
            public List<String> runOnce() throws InterruptedException {
                return run.run();
            }
        };
    }
}
