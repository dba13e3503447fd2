package dev.payhook.reconciler.console;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the console finds the other services: each serves its own data, the reconciler's console
 * brings them to one page.
 *
 * @param processor the processor's HTTP address (payments, their timelines, its metrics)
 * @param ingress   the ingress's HTTP address (its metrics)
 */
@ConfigurationProperties("payhook.console")
public record ConsoleProperties(
        @DefaultValue("http://localhost:8081") URI processor, @DefaultValue("http://localhost:8080") URI ingress) {}
