package dev.payhook.common;

import java.time.Instant;

/**
 * A provider's word, in a verified webhook, that a settlement report is ready to download, on
 * {@code payhook.report-announcements} (key = source). The collector fetches it from {@code url}
 * only if the source allows that host.
 *
 * @param reportId   what identifies the report at the provider: Stripe's report run id
 *                   ({@code frr_…}), Adyen's file name ({@code settlement_detail_report_batch_12.csv})
 * @param reportType Stripe's {@code report_type}; for Adyen the file name's report kind
 *                   ({@code settlement_detail_report})
 * @param url        where the file is: Stripe's {@code result.url} (its Files API), Adyen's {@code reason}
 * @param intervalStart the start of the period a Stripe report run covers; null for Adyen
 * @param intervalEnd   its end (exclusive); null for Adyen
 * @param eventId    the webhook that said so (Stripe's event id, Adyen's {@code pspReference:eventCode})
 */
public record ReportAnnouncement(
        String source,
        String provider,
        String reportId,
        String reportType,
        String url,
        Instant intervalStart,
        Instant intervalEnd,
        String eventId,
        Instant announcedAt) {}
