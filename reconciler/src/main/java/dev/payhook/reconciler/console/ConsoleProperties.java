package dev.payhook.reconciler.console;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the console finds the other services: each serves its own data, the reconciler's console
 * brings them to one page.
 *
 * @param processor the processor's HTTP address (payments and their timelines)
 * @param metrics   where each service's actuator answers ({@code /actuator/metrics}): its HTTP port on
 *                  the local stack, its management port on Kubernetes
 */
@ConfigurationProperties("payhook.console")
public record ConsoleProperties(@DefaultValue("http://localhost:8081") URI processor, @DefaultValue Metrics metrics) {

    /** @param reconciler unset: this instance's own HTTP port */
    public record Metrics(
            @DefaultValue("http://localhost:8080") URI ingress,
            @DefaultValue("http://localhost:8081") URI processor,
            URI reconciler) {}
}
