package dev.payhook.provider.settlement;

import java.time.ZoneId;

/**
 * How one upload is to be read, beyond its bytes.
 *
 * @param timeZone the zone of the report's local-time columns (Stripe's {@code created}, when the
 *                 report was run with a time zone and without {@code created_utc}); null when unknown
 */
public record ReportOptions(ZoneId timeZone) {

    public static final ReportOptions NONE = new ReportOptions(null);
}
