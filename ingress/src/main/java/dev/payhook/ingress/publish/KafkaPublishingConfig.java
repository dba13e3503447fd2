package dev.payhook.ingress.publish;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.payhook.common.Topics;
import dev.payhook.ingress.IngressProperties;
import dev.payhook.provider.publish.EventPublisher;
import dev.payhook.provider.publish.SettlementPublisher;
import dev.payhook.provider.publish.TraceHeaders;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

@Configuration(proxyBeanMethods = false)
class KafkaPublishingConfig {

    /** A webhook's events, acknowledged within {@code payhook.publish-timeout} or answered 503. */
    @Bean
    EventPublisher eventPublisher(
            KafkaTemplate<String, byte[]> kafka,
            ObjectProvider<Tracer> tracer,
            ObjectProvider<Propagator> propagator,
            IngressProperties properties,
            MeterRegistry meters) {
        return new EventPublisher(kafka, traceHeaders(tracer, propagator), properties.publishTimeout(), meters);
    }

    /**
     * The webhook request's trace context (the server span's, continued from the provider's
     * {@code traceparent} when it sent one) in each record's headers, through the same propagator
     * the HTTP side uses; none where tracing is not configured.
     */
    private static TraceHeaders traceHeaders(ObjectProvider<Tracer> tracers, ObjectProvider<Propagator> propagators) {
        Tracer tracer = tracers.getIfAvailable();
        Propagator propagator = propagators.getIfAvailable();
        if (tracer == null || propagator == null) {
            return TraceHeaders.NONE;
        }
        return headers -> {
            TraceContext context = tracer.currentTraceContext().context();
            if (context != null) {
                propagator.inject(context, headers, (carrier, key, value) -> carrier.add(key, value.getBytes(UTF_8)));
            }
        };
    }

    /** Uploaded reports, on a producer of their own so a million-line upload never slows a webhook. */
    @Bean
    SettlementPublisher settlementPublisher(KafkaTemplate<String, byte[]> kafka, IngressProperties properties) {
        return new SettlementPublisher(
                kafka.getProducerFactory(),
                "payhook-ingress-settlements",
                properties.settlements().producerBuffer().toBytes(),
                properties.settlements().publishTimeout());
    }

    /**
     * send() blocks while it has no metadata for the topic (a broker that is down); bound that by
     * the same deadline as the acknowledgement so a request thread never waits 60 s, Kafka's default.
     */
    @Bean
    DefaultKafkaProducerFactoryCustomizer publishDeadline(IngressProperties properties) {
        return factory -> factory.updateConfigs(java.util.Map.of(
                ProducerConfig.MAX_BLOCK_MS_CONFIG, properties.publishTimeout().toMillis()));
    }

    /**
     * Locally and in tests the ingress creates its topics; on Kubernetes they are KafkaTopic
     * resources and {@code payhook.topics.create=false}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "payhook.topics.create", havingValue = "true", matchIfMissing = true)
    static class TopicProvisioning {

        @Bean
        KafkaAdmin.NewTopics ingressTopics(IngressProperties properties) {
            return new KafkaAdmin.NewTopics(Topics.newTopics(
                    properties.topics().partitions(),
                    Topics.WEBHOOKS,
                    Topics.SETTLEMENTS,
                    Topics.BANK_STATEMENTS,
                    Topics.WEBHOOKS_QUARANTINE,
                    Topics.REPORT_ANNOUNCEMENTS,
                    Topics.INGRESS_WARMUP));
        }
    }
}
