package dev.payhook.processor.stream;

import static dev.payhook.processor.stream.ProcessorWarmup.APPLICATION_ID_PREFIX;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.Topics;
import dev.payhook.processor.state.PaymentLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * The warm-up runs its made-up payments through the processor's topology on a real broker, with the
 * processor's exactly-once settings, and leaves nothing behind: not its topics, changelogs or group,
 * nor those an earlier warm-up of the same instance left when it was killed; another instance's are
 * not touched.
 */
class ProcessorWarmupIT {

    private static final String BOOTSTRAP = System.getProperty("spring.embedded.kafka.brokers");

    @Test
    void theMadeUpPaymentsGoThroughTheTopologyOnTheBrokerAndNothingOfThemStays() throws Exception {
        String killed = APPLICATION_ID_PREFIX + "localhost-8181-killed";
        String other = APPLICATION_ID_PREFIX + "localhost-8182-running";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP))) {
            admin.createTopics(List.of(
                            new NewTopic(Topics.WEBHOOKS, Optional.of(3), Optional.empty()),
                            new NewTopic(killed + "-webhooks", Optional.of(1), Optional.empty()),
                            new NewTopic(other + "-webhooks", Optional.of(1), Optional.empty())))
                    .all()
                    .get();
            for (String group : List.of(killed, other)) {
                admin.alterConsumerGroupOffsets(
                                group, Map.of(new TopicPartition(group + "-webhooks", 0), new OffsetAndMetadata(0)))
                        .all()
                        .get();
            }
            long temporaryDirectories = warmupDirectories();

            ProcessorMetrics counted =
                    new ProcessorWarmup(400, PaymentLimits.DEFAULT, () -> processor("localhost:8181")).run();

            // Of every five events, one payment captured at once, and one authorized, captured, refunded,
            // its capture delivered twice.
            assertThat(counted.applied.count()).isEqualTo(320);
            assertThat(counted.duplicates.count()).isEqualTo(80);
            assertThat(counted.deadLetters.count()).isZero();
            assertThat(named(admin.listTopics().names().get(), APPLICATION_ID_PREFIX))
                    .containsExactly(other + "-webhooks");
            assertThat(named(
                            admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get().stream()
                                    .map(GroupListing::groupId)
                                    .toList(),
                            APPLICATION_ID_PREFIX))
                    .containsExactly(other);
            assertThat(warmupDirectories()).isEqualTo(temporaryDirectories);
        }
    }

    @Test
    void anInstanceIsNamedByItsQueryEndpoint() {
        assertThat(ProcessorWarmup.instance(
                        processor("payhook-processor-0.payhook-processor-headless.payhook.svc.cluster.local:8081")))
                .isEqualTo("payhook-processor-0-8081");
        assertThat(ProcessorWarmup.instance(processor("localhost:8081"))).isEqualTo("localhost-8081");
        assertThat(ProcessorWarmup.instance(processor("10.1.2.3:8081"))).isEqualTo("10-1-2-3-8081");
    }

    /** The processor's own settings that matter here (processor.yml), on the test broker. */
    private static Properties processor(String applicationServer) {
        Properties config = new Properties();
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "payhook-processor");
        config.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 50);
        return config;
    }

    private static Set<String> named(Collection<String> names, String prefix) {
        return names.stream().filter(n -> n.startsWith(prefix)).collect(Collectors.toSet());
    }

    private static long warmupDirectories() throws Exception {
        try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("payhook-processor-warmup"))
                    .count();
        }
    }
}
