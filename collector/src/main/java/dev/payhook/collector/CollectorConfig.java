package dev.payhook.collector;

import dev.payhook.common.Topics;
import dev.payhook.provider.Providers;
import dev.payhook.provider.WebhookSources;
import dev.payhook.provider.publish.EventPublisher;
import dev.payhook.provider.publish.TraceHeaders;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

/** The sources, the publisher, and the two ways the collector runs its tasks. */
@Configuration(proxyBeanMethods = false)
class CollectorConfig {

    private static final Logger log = LoggerFactory.getLogger(CollectorConfig.class);

    @Bean
    WebhookSources webhookSources(CollectorProperties properties) {
        return new WebhookSources(properties.sources(), Providers.all());
    }

    @Bean
    EventPublisher eventPublisher(
            KafkaTemplate<String, byte[]> kafka, CollectorProperties properties, MeterRegistry meters) {
        return new EventPublisher(kafka, TraceHeaders.NONE, properties.publishTimeout(), meters);
    }

    @Bean
    @ConditionalOnProperty(name = "payhook.topics.create", havingValue = "true", matchIfMissing = true)
    KafkaAdmin.NewTopics collectorTopics(CollectorProperties properties) {
        return new KafkaAdmin.NewTopics(Topics.newTopics(
                properties.topics().partitions(),
                Topics.WEBHOOKS,
                Topics.SETTLEMENTS,
                Topics.BANK_STATEMENTS,
                Topics.RECOVERY_CHECKPOINTS,
                Topics.REPORT_ANNOUNCEMENTS,
                Topics.REPORT_COLLECTIONS));
    }

    /** A CronJob's run: every task once, then exit 0 when each did everything, else 1 (the Job fails). */
    @Bean
    @ConditionalOnProperty(name = "payhook.collector.mode", havingValue = "once", matchIfMissing = true)
    ApplicationRunner collectOnce(List<CollectorTask> tasks, ConfigurableApplicationContext context) {
        return args -> {
            List<String> failures = new ArrayList<>();
            for (CollectorTask task : tasks) {
                task.runOnce().forEach(failure -> failures.add(task.name() + ": " + failure));
            }
            failures.forEach(failure -> System.out.println("Not done: " + failure));
            int code = failures.isEmpty() ? 0 : 1;
            System.exit(SpringApplication.exit(context, () -> code));
        };
    }

    /** The local stack's: each task every its interval, in this process, until it stops. */
    @Bean
    @ConditionalOnProperty(name = "payhook.collector.mode", havingValue = "scheduled")
    SmartLifecycle collectScheduled(List<CollectorTask> tasks) {
        return new SmartLifecycle() {
            private ScheduledExecutorService scheduler;

            @Override
            public void start() {
                scheduler = Executors.newScheduledThreadPool(
                        Math.max(tasks.size(), 1), r -> new Thread(r, "payhook-collector"));
                for (CollectorTask task : tasks) {
                    long every = task.interval().toMillis();
                    scheduler.scheduleWithFixedDelay(() -> run(task), every, every, TimeUnit.MILLISECONDS);
                    log.info("collector: {} every {}", task.name(), task.interval());
                }
            }

            private void run(CollectorTask task) {
                try {
                    task.runOnce().forEach(failure -> log.warn("{}: not done: {}", task.name(), failure));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    log.warn("{} run failed", task.name(), e);
                }
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
