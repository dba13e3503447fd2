package dev.payhook.collector.recovery;

import dev.payhook.collector.CollectorTask;
import dev.payhook.provider.WebhookSources;
import dev.payhook.provider.publish.EventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The recovery job, one of the collector's tasks: it polls every source with an API key, looks up
 * stuck payments and unknown settlements, or, with {@code payhook.recovery.backfill-from}, sweeps
 * one window of the past instead.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RecoveryProperties.class)
class RecoveryConfig {

    private static final Logger log = LoggerFactory.getLogger(RecoveryConfig.class);

    @Bean
    RecoveryJob recoveryJob(
            RecoveryProperties properties,
            WebhookSources sources,
            EventPublisher publisher,
            KafkaProperties kafka,
            KafkaTemplate<String, byte[]> template,
            MeterRegistry meters) {
        List<RecoveryJob.PolledSource> polled = new ArrayList<>();
        for (WebhookSources.ConfiguredSource source : sources.all()) {
            String key = source.settings().apiKey();
            String base = source.settings().apiBase();
            if (key == null || key.isBlank()) {
                continue;
            }
            ProviderApi api =
                    switch (source.provider().name()) {
                        case "stripe" -> new StripeApi(source.name(), key, base);
                        case "razorpay" -> new RazorpayApi(source.name(), key, base);
                        default -> null;
                    };
            if (api == null) {
                log.warn(
                        "payhook.sources.{} has an API key, but {} has no event API to poll: its fallback is the"
                                + " settlement report (docs/DESIGN.md, Missed deliveries)",
                        source.name(),
                        source.provider().name());
                continue;
            }
            polled.add(new RecoveryJob.PolledSource(
                    source.name(), source.provider(), api, source.settings().account()));
        }
        log.info(
                "recovery: polling {}",
                polled.stream().map(RecoveryJob.PolledSource::name).toList());
        return new RecoveryJob(
                properties,
                polled,
                new RecoveryCheckpoints(kafka.buildConsumerProperties(), template),
                publisher,
                new RecoveryMetrics(meters),
                Clock.systemUTC(),
                duration -> Thread.sleep(duration.toMillis()));
    }

    @Bean
    CollectorTask recoveryTask(RecoveryJob job, RecoveryProperties properties) {
        return new CollectorTask() {
            @Override
            public String name() {
                return "recovery";
            }

            @Override
            public Duration interval() {
                return properties.interval();
            }

            @Override
            public List<String> runOnce() throws InterruptedException {
                RecoveryJob.Report report = properties.backfillFrom() != null
                        ? job.backfill(
                                properties.backfillFrom(),
                                properties.backfillUntil() != null ? properties.backfillUntil() : Instant.now())
                        : job.run();
                if (!report.published().isEmpty()) {
                    log.info("recovery published {}", report.published());
                }
                return report.failures();
            }
        };
    }
}
