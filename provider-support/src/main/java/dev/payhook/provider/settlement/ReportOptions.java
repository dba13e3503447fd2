package dev.payhook.provider.settlement;

import java.time.ZoneId;

/**
 * How one report is to be read and labelled, beyond its bytes.
 *
 * @param timeZone the zone of the report's local-time columns (Stripe's {@code created}, when the
 *                 report was run with a time zone and without {@code created_utc}); null when unknown
 * @param origin   how the report arrived, kept on its batch: {@code uploaded by <operator>}, or
 *                 {@code collected from <source>: <report>}; null when not said
 */
public record ReportOptions(ZoneId timeZone, String origin) {

    public static final ReportOptions NONE = new ReportOptions(null, null);

    public ReportOptions(ZoneId timeZone) {
        this(timeZone, null);
    }

    public ReportOptions withOrigin(String origin) {
        return new ReportOptions(timeZone, origin);
    }
}
