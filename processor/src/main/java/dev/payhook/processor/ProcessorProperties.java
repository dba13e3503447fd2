package dev.payhook.processor;

import dev.payhook.processor.state.PaymentLimits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param limits      how many events, refunds and disputes one payment may hold; an event past a
 *                    limit is dead-lettered and the payment shows the limit as an anomaly
 * @param topics      whether the processor creates its topics (local, tests) and with how many partitions
 * @param warmup      how many made-up events the processor runs through its own topology, in-process,
 *                    before it takes partitions ({@code ProcessorWarmup}; 0: none)
 */
@ConfigurationProperties("payhook.processor")
public record ProcessorProperties(
        @DefaultValue PaymentLimits limits, @DefaultValue TopicProvisioning topics, @DefaultValue Warmup warmup) {

    public record Warmup(@DefaultValue("20000") int events) {}

    public record TopicProvisioning(@DefaultValue("true") boolean create, @DefaultValue("6") int partitions) {}
}
