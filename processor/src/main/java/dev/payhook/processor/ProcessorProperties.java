package dev.payhook.processor;

import dev.payhook.processor.state.PaymentLimits;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param dedupWindow how long event ids are remembered. Adyen retries a notification for up to
 *                    30 days; 35 leaves margin for a retry that lands on the last day plus a replay.
 * @param limits      how many events, refunds and disputes one payment may hold; an event past a
 *                    limit is dead-lettered and the payment shows the limit as an anomaly
 * @param topics      whether the processor creates its topics (local, tests) and with how many partitions
 */
@ConfigurationProperties("payhook.processor")
public record ProcessorProperties(
        @DefaultValue("35d") Duration dedupWindow,
        @DefaultValue PaymentLimits limits,
        @DefaultValue TopicProvisioning topics) {

    public record TopicProvisioning(@DefaultValue("true") boolean create, @DefaultValue("6") int partitions) {}
}
