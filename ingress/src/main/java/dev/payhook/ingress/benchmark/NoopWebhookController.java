package dev.payhook.ingress.benchmark;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /benchmark/noop/{source}}: the baseline of the ingress benchmark. It goes through the
 * same HTTP stack as {@code POST /webhooks/{source}} (Tomcat, Spring MVC, the same filters and
 * observations, the same header binding), reads the whole body and answers what the real endpoint
 * answers, but verifies, maps and publishes nothing. The ratio of the two endpoints' throughput
 * in one run is what payhook's own work costs.
 *
 * <p>Only with {@code payhook.benchmark.noop-endpoint=true} (the local profile): it accepts
 * anything, so it must never be on in production.
 */
@RestController
@ConditionalOnProperty(name = "payhook.benchmark.noop-endpoint", havingValue = "true")
class NoopWebhookController {

    @PostMapping("/benchmark/noop/{source}")
    ResponseEntity<String> receive(
            @PathVariable String source, @RequestHeader HttpHeaders headers, HttpServletRequest request)
            throws IOException {
        try (InputStream in = request.getInputStream()) {
            in.readAllBytes();
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body("{\"status\":\"accepted\"}");
    }
}
