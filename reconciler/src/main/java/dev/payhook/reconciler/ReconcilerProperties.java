package dev.payhook.reconciler;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param settlementDelay how long after its capture a payment may take to appear in a settlement
 *                        report: a captured payment is MISSING_SETTLEMENT only once a batch whose
 *                        cut-off is later than capture + delay has arrived without it
 * @param operatorTokens  bearer tokens allowed to resolve discrepancies by hand (several during
 *                        rotation); none configured disables manual resolution
 * @param advertisedHost  the host other reconciler instances reach this one on, for queries
 * @param topics          whether the reconciler creates its topics (local, tests) and with how many
 *                        partitions: the same number as {@code payhook.payments} and {@code payhook.settlements}
 */
@ConfigurationProperties("payhook.reconciler")
public record ReconcilerProperties(
        @DefaultValue("3d") Duration settlementDelay,
        @DefaultValue List<String> operatorTokens,
        @DefaultValue("localhost") String advertisedHost,
        @DefaultValue TopicProvisioning topics) {

    public record TopicProvisioning(@DefaultValue("true") boolean create, @DefaultValue("6") int partitions) {
    }
}
