package dev.payhook.ingress.publish;

import dev.payhook.common.JsonSerde;
import dev.payhook.common.PaymentEvent;
import dev.payhook.common.QuarantinedWebhook;
import dev.payhook.common.Topics;
import dev.payhook.ingress.webhook.IngressProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes a request's events and returns only once the broker has acknowledged every one of them
 * ({@code acks=all}, idempotent producer: see application.yml), or throws within the deadline.
 * A request thread never waits longer than {@code payhook.publish-timeout}.
 */
@Component
public class EventPublisher {

    private static final JsonSerde<PaymentEvent> EVENTS = JsonSerde.of(PaymentEvent.class);
    private static final JsonSerde<QuarantinedWebhook> QUARANTINE = JsonSerde.of(QuarantinedWebhook.class);

    private final KafkaTemplate<String, byte[]> kafka;
    private final Duration timeout;
    private final Timer latency;

    public EventPublisher(KafkaTemplate<String, byte[]> kafka, IngressProperties properties, MeterRegistry meters) {
        this.kafka = kafka;
        this.timeout = properties.publishTimeout();
        this.latency = Timer.builder("payhook.publish.latency")
                .description("Time from send to the broker's acknowledgement of all of a request's records")
                .publishPercentileHistogram()
                .register(meters);
    }

    /** Events keyed by payment id, so one payment's events stay in order on one partition. */
    public void publish(List<PaymentEvent> events, QuarantinedWebhook quarantined) throws BrokerUnavailableException {
        long start = System.nanoTime();
        try {
            List<CompletableFuture<?>> acks = new ArrayList<>(events.size() + 1);
            for (PaymentEvent event : events) {
                acks.add(kafka.send(Topics.WEBHOOKS, event.paymentId(), EVENTS.toBytes(event)));
            }
            if (quarantined != null) {
                acks.add(kafka.send(Topics.WEBHOOKS_QUARANTINE, quarantined.source(), QUARANTINE.toBytes(quarantined)));
            }
            long remaining = timeout.toNanos() - (System.nanoTime() - start);
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(Math.max(remaining, 0), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new BrokerUnavailableException("broker did not acknowledge within " + timeout, e);
        } catch (ExecutionException e) {
            throw new BrokerUnavailableException("broker refused the write: " + e.getCause().getMessage(), e.getCause());
        } catch (KafkaException | org.springframework.kafka.KafkaException e) {
            // send() itself throws when metadata cannot be fetched within max.block.ms; KafkaTemplate
            // wraps that in its own exception type.
            throw new BrokerUnavailableException("broker unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("interrupted while waiting for the broker", e);
        } finally {
            latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }
}
