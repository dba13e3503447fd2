package dev.payhook.provider.publish;

import org.apache.kafka.common.header.Headers;

/**
 * Writes the current trace context (the W3C {@code traceparent} of the request being served) into
 * the headers of the records a request publishes, so the processor and reconciler carry it on.
 *
 * <p>The ingress writes it itself instead of letting KafkaTemplate observe every send: an observation
 * per record started a producer span, a long-task timer and a timer, a quarter of a webhook's
 * handling time (BENCHMARKS.md), for a span that measured what {@code payhook.publish.latency}
 * already does.
 */
@FunctionalInterface
public interface TraceHeaders {

    /** For a publisher that serves no traced request (the collector's jobs). */
    TraceHeaders NONE = headers -> {};

    void writeTo(Headers headers);
}
