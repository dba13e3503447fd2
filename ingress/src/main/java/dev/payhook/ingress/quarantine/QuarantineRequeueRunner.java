package dev.payhook.ingress.quarantine;

import dev.payhook.provider.WebhookSources;
import dev.payhook.provider.publish.EventPublisher;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The ingress jar as a one-off operator command (deploy/RUNBOOK.md):
 * {@code --spring.main.web-application-type=none --payhook.requeue.from=<instant> [--payhook.requeue.execute=true]}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("payhook.requeue.from")
@EnableConfigurationProperties(QuarantineRequeueRunner.RequeueProperties.class)
class QuarantineRequeueRunner {

    /**
     * @param from    quarantined at or after this instant
     * @param until   and not after this one (default: now)
     * @param execute publish; without it, a dry run
     */
    @ConfigurationProperties("payhook.requeue")
    record RequeueProperties(Instant from, Instant until, @DefaultValue("false") boolean execute) {}

    @Bean
    ApplicationRunner requeueQuarantine(
            RequeueProperties requeue,
            WebhookSources sources,
            EventPublisher publisher,
            KafkaProperties kafka,
            ConfigurableApplicationContext context) {
        return (ApplicationArguments args) -> {
            Map<String, Object> config = kafka.buildConsumerProperties();
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            config.remove(ConsumerConfig.GROUP_ID_CONFIG);
            int exit;
            try (KafkaConsumer<String, byte[]> consumer =
                    new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
                QuarantineRequeue.Report report = new QuarantineRequeue(sources, publisher)
                        .requeue(
                                consumer,
                                requeue.from(),
                                requeue.until() == null ? Instant.now() : requeue.until(),
                                requeue.execute());
                System.out.print(report.render());
                if (!report.executed() && report.requeued() > 0) {
                    System.out.println("Run again with --payhook.requeue.execute=true to publish them.");
                }
                exit = 0;
            } catch (Exception e) {
                System.err.println("Requeue failed: " + e.getMessage());
                exit = 1;
            }
            int code = exit;
            System.exit(SpringApplication.exit(context, () -> code));
        };
    }
}
