package dev.payhook.provider.publish;

import dev.payhook.common.JsonSerde;
import dev.payhook.common.PaymentEvent;
import dev.payhook.common.QuarantinedWebhook;
import dev.payhook.common.ReportAnnouncement;
import dev.payhook.common.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Writes a request's events and returns only once the broker has acknowledged every one of them
 * ({@code acks=all}, idempotent producer: see ingress.yml), or throws within the deadline.
 * A request thread never waits longer than {@code payhook.publish-timeout}.
 */
public class EventPublisher {

    private static final JsonSerde<PaymentEvent> EVENTS = JsonSerde.of(PaymentEvent.class);
    private static final JsonSerde<QuarantinedWebhook> QUARANTINE = JsonSerde.of(QuarantinedWebhook.class);
    private static final JsonSerde<ReportAnnouncement> ANNOUNCEMENTS = JsonSerde.of(ReportAnnouncement.class);
    /** Room for the key, headers and the record batch's own framing within max.request.size. */
    private static final int RECORD_OVERHEAD = 16 * 1024;

    private final KafkaTemplate<String, byte[]> kafka;
    private final TraceHeaders traceHeaders;
    private final Duration timeout;
    private final Timer latency;
    private final int maxRecordBytes;

    /**
     * @param traceHeaders writes the trace context of the request being served into every record it publishes
     * @param timeout      the longest a publish waits for the broker's acknowledgement
     */
    public EventPublisher(
            KafkaTemplate<String, byte[]> kafka, TraceHeaders traceHeaders, Duration timeout, MeterRegistry meters) {
        this.kafka = kafka;
        this.traceHeaders = traceHeaders;
        this.timeout = timeout;
        this.latency = Timer.builder("payhook.publish.latency")
                .description("Time from send to the broker's acknowledgement of all of a request's records")
                .publishPercentileHistogram()
                .register(meters);
        Object maxRequest = kafka.getProducerFactory()
                .getConfigurationProperties()
                .getOrDefault(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1024 * 1024);
        this.maxRecordBytes = Integer.parseInt(maxRequest.toString()) - RECORD_OVERHEAD;
    }

    /** A request's events, each serialized once, in the order they are published. */
    public record Outgoing(List<PaymentEvent> events, List<byte[]> values) {}

    /**
     * Serializes each event once. An event too large for one record (its payload is the provider's
     * whole body) could never be published and the broker would refuse it on every retry: it is
     * left out, and {@code leftOut} gets the reason, for the request's quarantine record.
     */
    public Outgoing serialize(List<PaymentEvent> events, java.util.function.Consumer<String> leftOut) {
        List<PaymentEvent> fitting = new ArrayList<>(events.size());
        List<byte[]> values = new ArrayList<>(events.size());
        for (PaymentEvent event : events) {
            byte[] value = EVENTS.toBytes(event);
            if (value.length <= maxRecordBytes) {
                fitting.add(event);
                values.add(value);
            } else {
                leftOut.accept("event " + event.eventId() + " of payment " + event.paymentId() + " is " + value.length
                        + " bytes, too large for one Kafka record");
            }
        }
        return new Outgoing(fitting, values);
    }

    /** Publishes events that were not serialized yet (the quarantine requeue, the recovery job). */
    public void publish(List<PaymentEvent> events, QuarantinedWebhook quarantined)
            throws BrokerUnavailableException, PublishFailedException {
        publish(events, List.of(), quarantined);
    }

    /** As {@link #publish(List, QuarantinedWebhook)}, with the reports the same request announced. */
    public void publish(
            List<PaymentEvent> events, List<ReportAnnouncement> announcements, QuarantinedWebhook quarantined)
            throws BrokerUnavailableException, PublishFailedException {
        List<String> tooLarge = new ArrayList<>();
        Outgoing outgoing = serialize(events, tooLarge::add);
        if (!tooLarge.isEmpty()) {
            throw new PublishFailedException(String.join("; ", tooLarge), null);
        }
        publish(Topics.WEBHOOKS, outgoing, announcements, quarantined);
    }

    /** As {@link #publish(String, Outgoing, List, QuarantinedWebhook)} for a request that announces no report. */
    public void publish(String topic, Outgoing events, QuarantinedWebhook quarantined)
            throws BrokerUnavailableException, PublishFailedException {
        publish(topic, events, List.of(), quarantined);
    }

    /**
     * Events keyed by payment id, so one payment's events stay in order on one partition of
     * {@code topic} ({@code payhook.webhooks}, or the warm-up's own topic). A
     * quarantine too large for one record keeps a prefix of its body (with the whole body's
     * SHA-256 and size), so a verified request is always kept.
     *
     * @throws BrokerUnavailableException the broker did not acknowledge in time: the sender should retry
     * Reports the request announced go to {@code payhook.report-announcements}, keyed by source, in the
     * same acknowledgement.
     *
     * @throws PublishFailedException     the broker refused for good: a retry would fail the same way
     */
    public void publish(
            String topic, Outgoing events, List<ReportAnnouncement> announcements, QuarantinedWebhook quarantined)
            throws BrokerUnavailableException, PublishFailedException {
        long start = System.nanoTime();
        try {
            // One request, one trace context: every record it publishes carries the same headers.
            Headers headers = new RecordHeaders();
            traceHeaders.writeTo(headers);
            List<CompletableFuture<?>> acks = new ArrayList<>(events.events().size() + 1);
            for (int i = 0; i < events.events().size(); i++) {
                acks.add(send(
                        topic,
                        events.events().get(i).paymentId(),
                        events.values().get(i),
                        headers));
            }
            for (ReportAnnouncement announcement : announcements) {
                acks.add(send(
                        Topics.REPORT_ANNOUNCEMENTS,
                        announcement.source(),
                        ANNOUNCEMENTS.toBytes(announcement),
                        headers));
            }
            if (quarantined != null) {
                acks.add(send(
                        Topics.WEBHOOKS_QUARANTINE, quarantined.source(), boundedQuarantine(quarantined), headers));
            }
            long remaining = timeout.toNanos() - (System.nanoTime() - start);
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(Math.max(remaining, 0), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new BrokerUnavailableException("broker did not acknowledge within " + timeout, e);
        } catch (ExecutionException | RuntimeException e) {
            // send() itself throws when metadata cannot be fetched within max.block.ms (transient),
            // or for a record it will never send (permanent); acknowledgements fail either way too.
            Exception classified = PublishErrors.classify("broker refused the write", e);
            if (classified instanceof BrokerUnavailableException unavailable) {
                throw unavailable;
            }
            throw (PublishFailedException) classified;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("interrupted while waiting for the broker", e);
        } finally {
            latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private CompletableFuture<?> send(String topic, String key, byte[] value, Headers headers) {
        return kafka.send(new ProducerRecord<>(topic, null, key, value, headers));
    }

    /** The quarantine as it is published: whole when it fits, else with as much of the body as fits. */
    byte[] boundedQuarantine(QuarantinedWebhook quarantined) {
        byte[] bytes = QUARANTINE.toBytes(quarantined);
        int keep = quarantined.body().length();
        while (bytes.length > maxRecordBytes && keep > 0) {
            // Escaping makes bytes per character vary; shrink in proportion, with margin, until it fits.
            keep = (int) Math.min(keep - 1, (long) keep * maxRecordBytes / bytes.length * 9 / 10);
            bytes = QUARANTINE.toBytes(quarantined.withBodyPrefix(Math.max(keep, 0)));
        }
        return bytes;
    }
}
