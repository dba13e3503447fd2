package dev.payhook.ingress.recovery;

import dev.payhook.ingress.WebhookSources;
import dev.payhook.ingress.publish.EventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The recovery job in the ingress's jar: {@code payhook.recovery.mode=once} runs it and exits with
 * 0 when it did everything (a Kubernetes CronJob, {@code concurrencyPolicy: Forbid}), {@code scheduled}
 * runs it every {@code payhook.recovery.interval} in this process (one instance: the local stack).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RecoveryProperties.class)
@ConditionalOnExpression("!'${payhook.recovery.mode:off}'.equalsIgnoreCase('off')")
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
            polled.add(new RecoveryJob.PolledSource(source.name(), source.provider(), api));
        }
        log.info(
                "recovery {}: polling {}",
                properties.mode(),
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
    @ConditionalOnProperty(name = "payhook.recovery.mode", havingValue = "once")
    ApplicationRunner recoverOnce(
            RecoveryJob job, RecoveryProperties properties, ConfigurableApplicationContext context) {
        return args -> {
            RecoveryJob.Report report = properties.backfillFrom() != null
                    ? job.backfill(
                            properties.backfillFrom(),
                            properties.backfillUntil() != null ? properties.backfillUntil() : java.time.Instant.now())
                    : job.run();
            System.out.println("Recovery published " + report.published());
            report.failures().forEach(f -> System.out.println("Not done: " + f));
            int code = report.complete() ? 0 : 1;
            System.exit(SpringApplication.exit(context, () -> code));
        };
    }

    @Bean
    @ConditionalOnProperty(name = "payhook.recovery.mode", havingValue = "scheduled")
    SmartLifecycle recoverySchedule(RecoveryJob job, RecoveryProperties properties) {
        return new SmartLifecycle() {
            private ScheduledExecutorService scheduler;

            @Override
            public void start() {
                scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "payhook-recovery"));
                long every = properties.interval().toMillis();
                scheduler.scheduleWithFixedDelay(
                        () -> {
                            try {
                                RecoveryJob.Report report = job.run();
                                report.failures().forEach(f -> log.warn("recovery: not done: {}", f));
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            } catch (RuntimeException e) {
                                log.warn("recovery run failed", e);
                            }
                        },
                        every,
                        every,
                        TimeUnit.MILLISECONDS);
            }

            @Override
            public void stop() {
                scheduler.shutdownNow();
            }

            @Override
            public boolean isRunning() {
                return scheduler != null && !scheduler.isShutdown();
            }
        };
    }
}
