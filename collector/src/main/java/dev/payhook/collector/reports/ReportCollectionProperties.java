package dev.payhook.collector.reports;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settlement report collection ({@code payhook.collector.reports}): each day's report fetched from
 * the providers that serve one by API, and every report a provider announces by webhook.
 *
 * @param enabled               off: the collector collects no report
 * @param interval              how often {@code scheduled} mode asks for the days not collected yet
 * @param announcementsInterval how often {@code scheduled} mode reads the announced reports
 * @param firstLookbackDays     how many complete days back a source's first collection starts
 * @param attempts              downloads of one report before a run gives up on it (the next run tries again)
 * @param backoff               the first wait after a failed download; doubled each time, with jitter
 * @param maxBackoff            the longest wait between two attempts
 * @param maxSize               a larger report is refused, never published in part
 * @param runWait               how long a run waits for a Stripe report run it requested to finish; a
 *                              run still pending is collected by the next run, or by its webhook
 * @param runPoll               how often a pending Stripe report run is asked about
 */
@ConfigurationProperties("payhook.collector.reports")
public record ReportCollectionProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1d") Duration interval,
        @DefaultValue("1m") Duration announcementsInterval,
        @DefaultValue("3") int firstLookbackDays,
        @DefaultValue("5") int attempts,
        @DefaultValue("2s") Duration backoff,
        @DefaultValue("1m") Duration maxBackoff,
        @DefaultValue("2GB") DataSize maxSize,
        @DefaultValue("2m") Duration runWait,
        @DefaultValue("2s") Duration runPoll) {}
