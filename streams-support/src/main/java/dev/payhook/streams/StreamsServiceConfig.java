package dev.payhook.streams;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.ThreadMetadata;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;
import org.springframework.kafka.streams.KafkaStreamsInteractiveQueryService;
import org.springframework.kafka.streams.KafkaStreamsMicrometerListener;

/**
 * How a payhook Kafka Streams service runs, the same for the processor and the reconciler: its
 * lifecycle, its health, and the interactive queries its HTTP endpoints answer from. Each service
 * imports it and adds its own topology and topics.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
public class StreamsServiceConfig {

    /**
     * Leave the consumer group on shutdown: partitions move to the other instances at once, and an
     * operator can rewind the group's offsets for a replay right after stopping it (see the
     * RUNBOOK), instead of waiting out the session timeout. A stream thread that dies is replaced a
     * few times, then the client stops (see {@link StreamThreadFailures}).
     */
    @Bean
    StreamsBuilderFactoryBeanConfigurer streamsLifecycle(MeterRegistry meters, StreamThreadFailures failures) {
        return factory -> {
            factory.addListener(new KafkaStreamsMicrometerListener(meters));
            factory.setLeaveGroupOnClose(true);
            factory.setStreamsUncaughtExceptionHandler(failures);
        };
    }

    /**
     * {@code application.server} tells the other instances where to forward a query for a key this
     * one owns: the port the web server really bound (with {@code server.port=0} a free one, chosen
     * without a race). The web server starts before the streams, so they start with it.
     */
    @Bean
    ApplicationListener<WebServerInitializedEvent> advertisedQueryEndpoint(StreamsBuilderFactoryBean streams) {
        return event -> {
            if (event.getApplicationContext().getServerNamespace() != null) {
                return; // the management server (actuator on its own port) answers no queries
            }
            Properties config = streams.getStreamsConfiguration();
            String configured = config.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG, "localhost:0");
            String host = configured.substring(0, configured.lastIndexOf(':'));
            config.setProperty(
                    StreamsConfig.APPLICATION_SERVER_CONFIG,
                    host + ":" + event.getWebServer().getPort());
        };
    }

    @Bean
    StreamThreadFailures streamThreadFailures() {
        return new StreamThreadFailures();
    }

    /** How this instance asks the others: one client, with timeouts, for every fan-out and forward. */
    @Bean
    Peers peers() {
        return new Peers();
    }

    @Bean
    QueryFailures queryFailures(StreamsBuilderFactoryBean streams) {
        return QueryFailures.of(streams);
    }

    @Bean
    KafkaStreamsInteractiveQueryService interactiveQueries(StreamsBuilderFactoryBean streams) {
        return new KafkaStreamsInteractiveQueryService(streams);
    }

    /**
     * Readiness: processing and answering queries. A rebalance is brief and queries answer 503
     * meanwhile; the details say why it is not ready.
     */
    @Bean("kafkaStreams")
    HealthIndicator kafkaStreamsHealth(StreamsBuilderFactoryBean streams, StreamThreadFailures failures) {
        return () -> {
            KafkaStreams kafkaStreams = streams.getKafkaStreams();
            KafkaStreams.State state = kafkaStreams == null ? null : kafkaStreams.state();
            int live = liveThreads(kafkaStreams);
            boolean up = (state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING) && live > 0;
            return details(up ? Health.up() : Health.down(), state, live, failures)
                    .build();
        };
    }

    /**
     * Liveness: DOWN when the client is in ERROR or has no live stream thread, the states it never
     * leaves by itself, so Kubernetes restarts the pod. Not DOWN while starting or rebalancing.
     */
    @Bean("kafkaStreamsLiveness")
    HealthIndicator kafkaStreamsLiveness(StreamsBuilderFactoryBean streams, StreamThreadFailures failures) {
        return () -> {
            KafkaStreams kafkaStreams = streams.getKafkaStreams();
            KafkaStreams.State state = kafkaStreams == null ? null : kafkaStreams.state();
            int live = liveThreads(kafkaStreams);
            boolean dead = state == KafkaStreams.State.ERROR
                    || (state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING) && live == 0;
            return details(dead ? Health.down() : Health.up(), state, live, failures)
                    .build();
        };
    }

    private static Health.Builder details(
            Health.Builder health, KafkaStreams.State state, int liveThreads, StreamThreadFailures failures) {
        health.withDetail("state", String.valueOf(state))
                .withDetail("liveStreamThreads", liveThreads)
                .withDetail("streamThreadFailures", failures.count());
        failures.last().ifPresent(last -> health.withDetail("lastFailure", last));
        return health;
    }

    private static int liveThreads(KafkaStreams kafkaStreams) {
        if (kafkaStreams == null) {
            return 0;
        }
        try {
            return (int) kafkaStreams.metadataForLocalThreads().stream()
                    .map(ThreadMetadata::threadState)
                    .filter(s -> !s.equals("DEAD") && !s.equals("PENDING_SHUTDOWN"))
                    .count();
        } catch (IllegalStateException notRunning) {
            return 0;
        }
    }
}
