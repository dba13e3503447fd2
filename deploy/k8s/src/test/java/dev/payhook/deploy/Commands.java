package dev.payhook.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Commands the rehearsal runs (openssl, podman, the build's scripts): each bounded in time, its output kept. */
final class Commands {

    static final Path CONTAINERS_CONF =
            RenderedOverlay.K8S.resolve("../docker/containers.conf").normalize();

    private Commands() {}

    /** Runs a command to its end, its output appended to {@code log}; fails with the log's tail unless it exits 0. */
    static String run(List<String> command, Path log, Duration timeout) throws IOException, InterruptedException {
        Path output = Files.createTempFile("command", ".log");
        try {
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            // podman as payhook's scripts run it: runc, no default ulimits (deploy/docker/containers.conf).
            builder.environment().putIfAbsent("CONTAINERS_CONF", CONTAINERS_CONF.toString());
            Process process = builder.start();
            boolean ended = process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
            if (!ended) {
                process.destroyForcibly();
            }
            String text = Files.readString(output);
            Files.writeString(
                    log,
                    "$ " + String.join(" ", command) + "\n" + text,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            if (!ended || process.exitValue() != 0) {
                throw new IllegalStateException((ended ? "exit " + process.exitValue() : "timed out after " + timeout)
                        + ": " + String.join(" ", command.subList(0, Math.min(3, command.size()))) + "\n"
                        + text.substring(Math.max(0, text.length() - 3000)));
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
