package dev.payhook.processor.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** Events applied, duplicates dropped, out-of-order arrivals, anomalies, dead letters, latency. */
@Component("paymentProcessingMetrics")
public class ProcessorMetrics {

    final Counter applied;
    private final MeterRegistry meters;

    final Counter duplicates;
    final Counter outOfOrder;
    final Counter anomalies;
    final Counter deadLetters;
    final Timer latency;

    public ProcessorMetrics(MeterRegistry meters) {
        applied = Counter.builder("payhook.processor.events.applied").register(meters);
        this.meters = meters;
        duplicates = Counter.builder("payhook.processor.events.duplicates")
                .description("Deliveries seen before, dropped")
                .register(meters);
        outOfOrder = Counter.builder("payhook.processor.events.out.of.order")
                .description("Events older than the state they were applied to")
                .register(meters);
        anomalies = Counter.builder("payhook.processor.anomalies")
                .description("Events that left the payment with a new anomaly")
                .register(meters);
        deadLetters = Counter.builder("payhook.processor.dead.letters").register(meters);
        latency = Timer.builder("payhook.processor.latency")
                .description("From the ingress receiving a webhook to its state change")
                .publishPercentileHistogram()
                .register(meters);
    }

    /** An applied event that reached payhook only by polling: push delivery failed for it. */
    void recovered(String source) {
        Counter.builder("payhook.processor.events.recovered")
                .description("Events applied that no webhook had delivered: the recovery job found them by polling")
                .tag("source", source)
                .register(meters)
                .increment();
    }

    void latency(Duration sinceReceived) {
        if (!sinceReceived.isNegative()) {
            latency.record(sinceReceived);
        }
    }
}
