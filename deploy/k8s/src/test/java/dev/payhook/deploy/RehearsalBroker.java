package dev.payhook.deploy;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * A single-node KRaft broker as the manifests' Kafka cluster runs (Strimzi's {@code payhook-kafka}): clients
 * on SASL_SSL with SCRAM-SHA-512 on port 9093 (the bootstrap Service's port), ACLs enforced by
 * {@code StandardAuthorizer} with {@code allow.everyone.if.no.acl.found=false}. The broker's certificate is
 * signed by a CA made here (a cluster's is Strimzi's cluster CA), for {@code localhost} and the bootstrap
 * Service's name. Started as Kafka's own scripts start it ({@code kafka.Kafka}), from the jars of
 * {@code deploy/local/broker}; its controller listener is plaintext on localhost, as the broker's own.
 */
final class RehearsalBroker implements AutoCloseable {

    static final int PORT = 9093;
    private static final int CONTROLLER_PORT = 19094;
    static final String ADMIN = "admin";

    private final Path dir;
    private final String adminPassword;
    private final Process process;

    private RehearsalBroker(Path dir, String adminPassword, Process process) {
        this.dir = dir;
        this.adminPassword = adminPassword;
        this.process = process;
    }

    /** The CA certificate clients trust, as Strimzi's {@code <cluster>-cluster-ca-cert} Secret's {@code ca.crt}. */
    Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    static RehearsalBroker start(Path dir, Path kafkaLibs) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        certificates(dir);
        String adminPassword = Passwords.random();
        Path properties = dir.resolve("server.properties");
        Files.writeString(
                properties,
                String.join(
                        "\n",
                        "process.roles=broker,controller",
                        "node.id=1",
                        "controller.quorum.voters=1@localhost:" + CONTROLLER_PORT,
                        "listeners=SASL_SSL://:" + PORT + ",CONTROLLER://localhost:" + CONTROLLER_PORT,
                        "advertised.listeners=SASL_SSL://localhost:" + PORT,
                        "controller.listener.names=CONTROLLER",
                        "inter.broker.listener.name=SASL_SSL",
                        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL",
                        "sasl.enabled.mechanisms=SCRAM-SHA-512",
                        "sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512",
                        "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=" + jaas(ADMIN, adminPassword),
                        "ssl.keystore.type=PEM",
                        "ssl.keystore.location=" + dir.resolve("broker.pem"),
                        // The broker is its own client on this listener (one node): it trusts the CA too.
                        "ssl.truststore.type=PEM",
                        "ssl.truststore.location=" + dir.resolve("ca.crt"),
                        "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                        "allow.everyone.if.no.acl.found=false",
                        // The broker itself (admin, on SASL_SSL) and the controller listener's plaintext peer.
                        "super.users=User:" + ADMIN + ";User:ANONYMOUS",
                        "log.dirs=" + dir.resolve("data"),
                        "auto.create.topics.enable=false",
                        "offsets.topic.replication.factor=1",
                        "transaction.state.log.replication.factor=1",
                        "transaction.state.log.min.isr=1",
                        "share.coordinator.state.topic.replication.factor=1",
                        "share.coordinator.state.topic.min.isr=1",
                        "group.initial.rebalance.delay.ms=0",
                        ""));
        List<String> java = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m",
                "-Xmx768m",
                "-cp",
                kafkaLibs.toAbsolutePath() + "/*");
        List<String> format = new ArrayList<>(java);
        format.addAll(List.of(
                "kafka.tools.StorageTool",
                "format",
                "-t",
                "rehearsal-cluster-0000000",
                "-c",
                properties.toString(),
                "--add-scram",
                "SCRAM-SHA-512=[name=" + ADMIN + ",password=" + adminPassword + "]"));
        Commands.run(format, dir.resolve("format.log"), Duration.ofMinutes(2));
        List<String> broker = new ArrayList<>(java);
        broker.addAll(List.of("kafka.Kafka", properties.toString()));
        Process process = new ProcessBuilder(broker)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("broker.log").toFile())
                .start();
        RehearsalBroker started = new RehearsalBroker(dir, adminPassword, process);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!listening(PORT)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                started.close();
                throw new IllegalStateException("the broker did not start: see " + dir.resolve("broker.log"));
            }
            Thread.sleep(200);
        }
        return started;
    }

    /** The settings of a client of the broker as the {@code admin} super user. */
    Map<String, Object> adminClient() {
        return Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                "localhost:" + PORT,
                AdminClientConfig.SECURITY_PROTOCOL_CONFIG,
                "SASL_SSL",
                SaslConfigs.SASL_MECHANISM,
                "SCRAM-SHA-512",
                SaslConfigs.SASL_JAAS_CONFIG,
                jaas(ADMIN, adminPassword),
                SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG,
                "PEM",
                SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG,
                caCertificate().toString());
    }

    /** The {@code sasl.jaas.config} Strimzi's User Operator puts in a SCRAM user's Secret. */
    static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    /** A CA, and the broker's key and certificate chain (PEM) for localhost and the bootstrap Service's name. */
    private static void certificates(Path dir) throws IOException, InterruptedException {
        Duration minute = Duration.ofMinutes(1);
        Path log = dir.resolve("openssl.log");
        Commands.run(
                List.of(
                        "openssl",
                        "req",
                        "-x509",
                        "-newkey",
                        "rsa:2048",
                        "-nodes",
                        "-days",
                        "2",
                        "-subj",
                        "/CN=payhook-rehearsal-ca",
                        "-keyout",
                        dir.resolve("ca.key").toString(),
                        "-out",
                        dir.resolve("ca.crt").toString()),
                log,
                minute);
        Commands.run(
                List.of(
                        "openssl",
                        "req",
                        "-newkey",
                        "rsa:2048",
                        "-nodes",
                        "-subj",
                        "/CN=payhook-kafka-kafka-bootstrap",
                        "-keyout",
                        dir.resolve("broker.key").toString(),
                        "-out",
                        dir.resolve("broker.csr").toString()),
                log,
                minute);
        Files.writeString(
                dir.resolve("san.ext"),
                "subjectAltName=DNS:localhost,DNS:payhook-kafka-kafka-bootstrap,"
                        + "DNS:payhook-kafka-kafka-bootstrap.payhook-dev.svc,IP:127.0.0.1\n");
        Commands.run(
                List.of(
                        "openssl",
                        "x509",
                        "-req",
                        "-in",
                        dir.resolve("broker.csr").toString(),
                        "-CA",
                        dir.resolve("ca.crt").toString(),
                        "-CAkey",
                        dir.resolve("ca.key").toString(),
                        "-CAcreateserial",
                        "-days",
                        "2",
                        "-extfile",
                        dir.resolve("san.ext").toString(),
                        "-out",
                        dir.resolve("broker.crt").toString()),
                log,
                minute);
        // Kafka's PEM key store: the private key (PKCS#8), then the certificate chain.
        Files.writeString(
                dir.resolve("broker.pem"),
                Files.readString(dir.resolve("broker.key"))
                        + Files.readString(dir.resolve("broker.crt"))
                        + Files.readString(dir.resolve("ca.crt")));
        dir.resolve("ca.crt").toFile().setReadable(true, false);
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket("localhost", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** Passwords of the SCRAM users, as Strimzi makes them: random, 32 alphanumerics. */
    static final class Passwords {
        private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

        static String random() {
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
            StringBuilder password = new StringBuilder();
            for (int i = 0; i < 32; i++) {
                password.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
            }
            return password.toString();
        }

        private Passwords() {}
    }
}
