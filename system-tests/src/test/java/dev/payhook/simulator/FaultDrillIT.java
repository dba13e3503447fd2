package dev.payhook.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker-restart and processor-crash drills of RELIABILITY.md at small scale, with the same
 * open-model load and audit as {@code deploy/local/chaos.sh}. Processes that must die by SIGKILL
 * cannot live in the test's JVM, so the broker (Kafka's own {@code kafka.Kafka}, the jars of
 * deploy/local/broker, as the local stack runs it), the ingress and the processor are child
 * processes built by this reactor; the broker keeps its data directory across the kill.
 *
 * <p>It lives in the simulator's package because it drives the drill tool's own load and audit
 * ({@code SurgeLoad}, {@code PipelineAudit}, {@code Timeline}), which are not an API.
 */
class FaultDrillIT {

    private static final Path ROOT = Path.of("").toAbsolutePath().resolve("..").normalize();
    private static final Pattern TOMCAT_PORT = Pattern.compile("Tomcat started on port (\\d+)");

    @TempDir
    Path work;

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void stopChildren() {
        children.forEach(Process::destroyForcibly);
    }

    @Test
    void aBrokerKilledAndRestartedAndAProcessorKilledMidLoadLoseNothingAndApplyEveryEventOnce() throws Exception {
        Broker broker = Broker.format(work.resolve("kafka"));
        Process kafka = startBroker(broker);
        String bootstrap = "localhost:" + broker.port;
        int ingressPort = startService("ingress", bootstrap).port();
        Path processorState = work.resolve("processor-state");
        Service firstProcessor =
                startService("processor", bootstrap, "--spring.kafka.streams.state-dir=" + processorState);

        String run = "drillit" + Long.toString(System.currentTimeMillis(), 36);
        Timeline timeline = new Timeline(41);
        SurgeLoad load = new SurgeLoad(run, 1, timeline);
        SurgeLoad.Plan plan = new SurgeLoad.Plan(100, 40, 100, 0, 0, 2, 2_000, 16);
        CompletableFuture<double[]> faults = CompletableFuture.supplyAsync(() -> {
            try {
                while (load.measuredFromNanos() == 0) {
                    Thread.sleep(20);
                }
                long zero = load.measuredFromNanos();
                sleepUntil(zero, 6);
                kafka.destroyForcibly().waitFor(); // SIGKILL: nothing flushed, no controlled shutdown
                sleepUntil(zero, 11);
                startBroker(broker); // same ports, same data directory
                double brokerBack = (System.nanoTime() - zero) / 1e9;
                sleepUntil(zero, 22);
                firstProcessor.process().destroyForcibly().waitFor(); // SIGKILL in the middle of its transactions
                startService("processor", bootstrap, "--spring.kafka.streams.state-dir=" + processorState);
                return new double[] {brokerBack};
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        SurgeLoad.Result result = load.runAudited(
                plan,
                "standard",
                URI.create("http://localhost:" + ingressPort + "/webhooks/standard"),
                bootstrap,
                PipelineAudit::allowRedeliveriesOnTopic);
        double brokerBack = faults.join()[0];

        timeline.print(0, 41);
        assertThat(result.zeroLoss())
                .as("every event answered 2xx is on the topic and applied exactly once")
                .isTrue();
        assertThat(result.audit().duplicateTransitions())
                .as("transitions emitted twice")
                .isZero();
        assertThat(result.audit().acceptedCount()).as("events answered 2xx").isPositive();
        // While the broker was down the ingress refused (503 at its deadline) rather than answer 2xx.
        // Once it was back, the ingress answered 2xx again and refused nothing from 10 s on. How fast
        // the backlog drains depends on the machine: RELIABILITY.md measures that, this test does not.
        assertThat(timeline.unavailable())
                .as("503 answers during the broker outage")
                .isPositive();
        int back = (int) Math.ceil(brokerBack);
        assertThat(timeline.acceptedFrom(back))
                .as("2xx after the broker came back at %.1f s", brokerBack)
                .isPositive();
        assertThat(timeline.refusedFrom(back + 10))
                .as("refusals from 10 s after the broker came back")
                .isZero();
    }

    /** A single-node KRaft broker's configuration and data directory, which survive its restarts. */
    private record Broker(Path properties, int port) {

        static Broker format(Path dir) throws Exception {
            Files.createDirectories(dir.resolve("data"));
            int port = freePort();
            int controller = freePort();
            String config = Files.readString(ROOT.resolve("deploy/local/kafka/server.properties"))
                    .replace("@DATA_DIR@", dir.resolve("data").toString())
                    .replace("localhost:9093", "localhost:" + controller)
                    .replace("localhost:9092", "localhost:" + port);
            Path properties = Files.writeString(dir.resolve("server.properties"), config);
            Process format = new ProcessBuilder(java(
                            brokerClasspath(),
                            "kafka.tools.StorageTool",
                            "format",
                            "-t",
                            Uuid.randomUuid().toString(),
                            "-c",
                            properties.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("format.log").toFile())
                    .start();
            assertThat(format.waitFor())
                    .as("kafka-storage format, see " + dir.resolve("format.log"))
                    .isZero();
            return new Broker(properties, port);
        }
    }

    private Process startBroker(Broker broker) throws Exception {
        Path log = broker.properties().resolveSibling("kafka.log");
        Process kafka =
                child(java(brokerClasspath(), "kafka.Kafka", broker.properties().toString()), log);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!Files.readString(log).contains("Kafka Server started")) {
            assertThat(kafka.isAlive())
                    .as("Kafka exited while starting, see " + log)
                    .isTrue();
            assertThat(System.nanoTime())
                    .as("Kafka not started after 90 s, see " + log)
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
        return kafka;
    }

    private record Service(Process process, int port) {}

    /** Starts a service's executable jar on a port its web server picks, and returns once it is ready. */
    private Service startService(String module, String bootstrap, String... more) throws Exception {
        File[] jars =
                ROOT.resolve(module).resolve("target").toFile().listFiles((d, name) -> name.endsWith("-exec.jar"));
        assertThat(jars)
                .as(module + "'s executable jar: build the reactor (mvn verify) first")
                .isNotEmpty();
        List<String> command = new ArrayList<>(List.of(
                javaBinary(),
                "-Xmx256m",
                "-jar",
                jars[0].toString(),
                "--spring.profiles.active=local",
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + bootstrap));
        command.addAll(List.of(more));
        Path log = work.resolve(module + "-" + System.nanoTime() + ".log");
        Process service = child(command, log);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            Matcher started = TOMCAT_PORT.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (started.find() && ready(Integer.parseInt(started.group(1)))) {
                return new Service(service, Integer.parseInt(started.group(1)));
            }
            assertThat(service.isAlive())
                    .as(module + " exited while starting, see " + log)
                    .isTrue();
            assertThat(System.nanoTime())
                    .as(module + " not ready after 120 s, see " + log)
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static boolean ready(int port) {
        try {
            var response = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(
                                            URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Process child(List<String> command, Path log) throws IOException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        children.add(process);
        // If this JVM is stopped before @AfterEach (Ctrl-C on the build), its children go with it.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return process;
    }

    private static List<String> java(String classpath, String... mainAndArgs) {
        List<String> command = new ArrayList<>(List.of(
                javaBinary(),
                "-Xms128m",
                "-Xmx512m",
                "-Dlog4j2.configurationFile=" + ROOT.resolve("deploy/local/kafka/log4j2.yaml"),
                "-cp",
                classpath));
        command.addAll(List.of(mainAndArgs));
        return command;
    }

    private static String brokerClasspath() {
        Path libs = ROOT.resolve("deploy/local/broker/target/kafka/libs");
        assertThat(libs)
                .as("Kafka's jars: build the reactor (mvn verify) first")
                .isDirectory();
        return libs + File.separator + "*";
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * A port for a child process we are about to start (the broker must keep its ports across a
     * restart, so the OS cannot pick them at bind time as it does for the services).
     */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleepUntil(long zero, double second) throws InterruptedException {
        long wait = zero + (long) (second * 1e9) - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000);
        }
    }
}
