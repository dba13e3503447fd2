package dev.payhook.streams;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;
import org.springframework.kafka.streams.KafkaStreamsInteractiveQueryService;
import org.springframework.kafka.streams.KafkaStreamsMicrometerListener;

/**
 * How a payhook Kafka Streams service runs, the same for the processor and the reconciler: its
 * lifecycle, its readiness, and the interactive queries its HTTP endpoints answer from. Each
 * service imports it and adds its own topology and topics.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
public class StreamsServiceConfig {

    /**
     * Leave the consumer group on shutdown: partitions move to the other instances at once, and an
     * operator can rewind the group's offsets for a replay right after stopping it (see the
     * RUNBOOK), instead of waiting out the session timeout.
     */
    @Bean
    StreamsBuilderFactoryBeanConfigurer streamsLifecycle(MeterRegistry meters) {
        return factory -> {
            factory.addListener(new KafkaStreamsMicrometerListener(meters));
            factory.setLeaveGroupOnClose(true);
        };
    }

    @Bean
    KafkaStreamsInteractiveQueryService interactiveQueries(StreamsBuilderFactoryBean streams) {
        return new KafkaStreamsInteractiveQueryService(streams);
    }

    /** Ready while the streams application runs; a rebalance is brief and queries answer 503 meanwhile. */
    @Bean("kafkaStreams")
    HealthIndicator kafkaStreamsHealth(StreamsBuilderFactoryBean streams) {
        return () -> {
            KafkaStreams kafkaStreams = streams.getKafkaStreams();
            KafkaStreams.State state = kafkaStreams == null ? null : kafkaStreams.state();
            boolean up = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
            return (up ? Health.up() : Health.down()).withDetail("state", String.valueOf(state)).build();
        };
    }
}
