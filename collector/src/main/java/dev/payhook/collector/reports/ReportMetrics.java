package dev.payhook.collector.reports;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** What report collection did, per source: collected, failed, refused, and how recent the latest report is. */
final class ReportMetrics {

    private final MeterRegistry meters;
    private final Map<String, AtomicLong> latestCutoff = new ConcurrentHashMap<>();

    ReportMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void collected(String source, Instant cutoff) {
        Counter.builder("payhook.collector.reports.collected")
                .description("Settlement reports collected and published as batches")
                .tag("source", source)
                .register(meters)
                .increment();
        latestCutoff
                .computeIfAbsent(source, s -> {
                    AtomicLong value = new AtomicLong();
                    Gauge.builder("payhook.collector.reports.latest.cutoff", value, AtomicLong::get)
                            .description("The cut-off of the latest report collected, epoch seconds")
                            .baseUnit("seconds")
                            .tag("source", s)
                            .register(meters);
                    return value;
                })
                .accumulateAndGet(cutoff.getEpochSecond(), Math::max);
    }

    void failed(String source) {
        Counter.builder("payhook.collector.reports.failed")
                .description("Report collections that stopped on a failure (the next run tries again)")
                .tag("source", source)
                .register(meters)
                .increment();
    }

    void refused(String source) {
        Counter.builder("payhook.collector.reports.refused")
                .description(
                        "Announced reports refused for good: a host off the allow-list, a kind payhook does not read")
                .tag("source", source)
                .register(meters)
                .increment();
    }
}
