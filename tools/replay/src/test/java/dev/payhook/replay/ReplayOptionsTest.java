package dev.payhook.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayOptionsTest {

    @Test
    void theCommandConfigFileGivesTheAdminClientItsSecuritySettingsAndTheSecretComesFromAMountedDirectory(
            @TempDir Path dir) throws Exception {
        // As on Kubernetes: the KafkaUser's Secret mounted as files, referenced from the properties file.
        Path user = Files.createDirectories(dir.resolve("kafka-user"));
        String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"payhook-replay\" "
                + "password=\"s3cret\";";
        Files.writeString(user.resolve("sasl.jaas.config"), jaas);
        Path properties = Files.writeString(
                dir.resolve("client.properties"),
                String.join(
                        "\n",
                        "security.protocol=SASL_SSL",
                        "sasl.mechanism=SCRAM-SHA-512",
                        "config.providers=dir",
                        "config.providers.dir.class=org.apache.kafka.common.config.provider.DirectoryConfigProvider",
                        "sasl.jaas.config=${dir:" + user + ":sasl.jaas.config}",
                        "bootstrap.servers=ignored:1"));

        Replay.Options options = Replay.Options.parse(List.of(
                "processor",
                "--from",
                "earliest",
                "--bootstrap-servers",
                "payhook-kafka-kafka-bootstrap:9093",
                "--command-config",
                properties.toString()));
        AdminClientConfig config = new AdminClientConfig(options.adminConfig());

        assertThat(config.getString("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(config.getString("sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
        assertThat(config.getPassword("sasl.jaas.config").value()).isEqualTo(jaas);
        assertThat(config.getList(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG))
                .containsExactly("payhook-kafka-kafka-bootstrap:9093");
    }

    @Test
    void anUnreadableCommandConfigIsRefusedWithItsPath(@TempDir Path dir) {
        var err = new java.io.ByteArrayOutputStream();
        int exit = Replay.run(
                new String[] {
                    "processor",
                    "--from",
                    "earliest",
                    "--command-config",
                    dir.resolve("missing").toString()
                },
                new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
                new java.io.PrintStream(err));
        assertThat(exit).isEqualTo(Replay.REFUSED);
        assertThat(err.toString()).contains("cannot read --command-config").contains("missing");
    }
}
