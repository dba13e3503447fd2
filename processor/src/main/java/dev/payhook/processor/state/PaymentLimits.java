package dev.payhook.processor.state;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How much one payment may hold. Real payments have a handful of events, refunds and disputes;
 * the limits are far above that and far below what would make a snapshot too large for one Kafka
 * record (1,000 event ids of at most 255 characters is about 260 KB).
 *
 * @param events   distinct events applied
 * @param refunds  distinct refunds
 * @param disputes distinct disputes
 * @param captures distinct captures (and, separately, failed captures)
 */
public record PaymentLimits(
        @DefaultValue("1000") int events,
        @DefaultValue("100") int refunds,
        @DefaultValue("20") int disputes,
        @DefaultValue("100") int captures) {

    public static final String EVENTS = "events";
    public static final String REFUNDS = "refunds";
    public static final String DISPUTES = "disputes";
    public static final String CAPTURES = "captures";

    public static final PaymentLimits DEFAULT = new PaymentLimits(1_000, 100, 20, 100);

    public PaymentLimits {
        if (events < 1 || refunds < 1 || disputes < 1 || captures < 1) {
            throw new IllegalArgumentException(
                    "payment limits must be positive: " + events + "/" + refunds + "/" + disputes + "/" + captures);
        }
    }
}
