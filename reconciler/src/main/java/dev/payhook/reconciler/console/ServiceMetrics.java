package dev.payhook.reconciler.console;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.JsonNode;

/**
 * The counters the console's pipeline panel shows, read from each service's
 * {@code /actuator/metrics}: totals since each process started (the page turns them into rates).
 * Behind a Kubernetes Service this is one replica's view; the Grafana dashboard
 * ({@code deploy/observability/}) is the fleet's.
 */
@Component
class ServiceMetrics {

    /** A figure the panel shows: a meter, optionally one tag's value of it. */
    private record Figure(String name, String meter, String tag) {
        static Figure of(String name, String meter) {
            return new Figure(name, meter, null);
        }
    }

    private static final List<Figure> INGRESS = List.of(
            Figure.of("accepted", "payhook.webhooks.accepted"),
            Figure.of("rejected", "payhook.webhooks.rejected"),
            Figure.of("quarantined", "payhook.webhooks.quarantined"),
            new Figure("unavailable", "http.server.requests", "status:503"),
            Figure.of("recoveryPublished", "payhook.recovery.events.published"));
    private static final List<Figure> PROCESSOR = List.of(
            Figure.of("applied", "payhook.processor.events.applied"),
            Figure.of("duplicates", "payhook.processor.events.duplicates"),
            Figure.of("anomalies", "payhook.processor.anomalies"),
            Figure.of("deadLetters", "payhook.processor.dead.letters"),
            Figure.of("recovered", "payhook.processor.events.recovered"),
            Figure.of("lag", "kafka.consumer.fetch.manager.records.lag.max"),
            Figure.of("streamThreads", "kafka.stream.alive.stream.threads"));
    private static final List<Figure> RECONCILER = List.of(
            Figure.of("matched", "payhook.reconciler.lines.matched"),
            Figure.of("opened", "payhook.reconciler.discrepancies.opened"),
            Figure.of("deadLetters", "payhook.reconciler.dead.letters"),
            Figure.of("lag", "kafka.consumer.fetch.manager.records.lag.max"),
            Figure.of("streamThreads", "kafka.stream.alive.stream.threads"));

    private final ConsoleProperties console;
    private final Environment environment;
    private final RestClient http;

    ServiceMetrics(ConsoleProperties console, Environment environment) {
        this.console = console;
        this.environment = environment;
        this.http = ConsoleHttp.client(Duration.ofSeconds(2)).build();
    }

    /** Service → figure → value; a service that cannot be read has {@code up: false}. */
    Map<String, Map<String, Object>> read() {
        ConsoleProperties.Metrics at = console.metrics();
        URI self = at.reconciler() != null
                ? at.reconciler()
                : URI.create("http://localhost:" + environment.getProperty("local.server.port", "8082"));
        Map<String, Map<String, Object>> services = new LinkedHashMap<>();
        services.put("ingress", read(at.ingress(), INGRESS));
        services.put("processor", read(at.processor(), PROCESSOR));
        services.put("reconciler", read(self, RECONCILER));
        return services;
    }

    private Map<String, Object> read(URI base, List<Figure> figures) {
        Map<String, Object> values = new LinkedHashMap<>();
        try {
            for (Figure figure : figures) {
                values.put(figure.name(), value(base, figure));
            }
            values.put("up", true);
        } catch (RestClientException e) {
            values.clear();
            values.put("up", false);
            values.put("error", e.getMessage());
        }
        return values;
    }

    /** The meter's total (counters) or value (gauges); 0 for a meter not registered yet. */
    private double value(URI base, Figure figure) {
        String uri =
                base + "/actuator/metrics/" + figure.meter() + (figure.tag() == null ? "" : "?tag=" + figure.tag());
        JsonNode meter = http.get()
                .uri(URI.create(uri))
                .exchange((request, response) ->
                        response.getStatusCode().value() == 404 ? null : response.bodyTo(JsonNode.class));
        if (meter == null) {
            return 0;
        }
        for (JsonNode measurement : meter.path("measurements")) {
            String statistic = measurement.path("statistic").asString();
            if (statistic.equals("COUNT") || statistic.equals("VALUE")) {
                // A gauge with no reading yet (Kafka's lag before the first fetch) is "NaN": nothing to show.
                JsonNode value = measurement.path("value");
                return value.isNumber() && Double.isFinite(value.doubleValue()) ? value.doubleValue() : 0;
            }
        }
        return 0;
    }
}
