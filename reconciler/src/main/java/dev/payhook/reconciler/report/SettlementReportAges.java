package dev.payhook.reconciler.report;

import dev.payhook.common.SettlementBatch;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * How recent each format's latest settlement report is, uploaded or collected
 * ({@code payhook_reconciler_settlement_latest_cutoff_seconds{format}}), and when the collector last
 * collected a report of each source ({@code payhook_reconciler_reports_collected_latest_seconds{source}}),
 * for the alerts that say reports stopped arriving. Read from the batches and the collector's record
 * this instance holds (every instance holds them whole), so they survive a restart and are scraped
 * whether or not the collector, a CronJob, is running; refreshed every few seconds, not per scrape.
 */
@Component
class SettlementReportAges implements DisposableBean {

    private static final long REFRESH_SECONDS = 5;

    private final ReconciliationQueries queries;
    private final MeterRegistry meters;
    private final Map<String, Long> latestCutoff = new ConcurrentHashMap<>();
    private final Map<String, Long> latestCollected = new ConcurrentHashMap<>();
    private final ScheduledExecutorService refresh =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "payhook-report-ages"));

    SettlementReportAges(ReconciliationQueries queries, MeterRegistry meters) {
        this.queries = queries;
        this.meters = meters;
        refresh.scheduleWithFixedDelay(this::refresh, REFRESH_SECONDS, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    private void refresh() {
        List<SettlementBatch> batches;
        List<CollectionStatus> collections;
        try {
            batches = queries.batches(Integer.MAX_VALUE);
            collections = queries.collections();
        } catch (RuntimeException notQueryableYet) {
            // Starting or rebalancing: keep the last reading.
            return;
        }
        for (CollectionStatus source : collections) {
            if (source.latestAt() != null) {
                latestCollected.merge(source.source(), source.latestAt().getEpochSecond(), Math::max);
            }
        }
        latestCollected.keySet().forEach(source -> Gauge.builder(
                        "payhook.reconciler.reports.collected.latest", latestCollected, m -> m.getOrDefault(source, 0L))
                .description("When the collector last collected a report of this source, epoch seconds")
                .baseUnit("seconds")
                .tag("source", source)
                .register(meters));
        for (SettlementBatch batch : batches) {
            if (batch.cutoff() == null) {
                continue;
            }
            latestCutoff.merge(batch.format(), batch.cutoff().getEpochSecond(), Math::max);
        }
        latestCutoff.keySet().forEach(format -> Gauge.builder(
                        "payhook.reconciler.settlement.latest.cutoff", latestCutoff, m -> m.getOrDefault(format, 0L))
                .description("The cut-off of the latest settlement report of this format, epoch seconds")
                .baseUnit("seconds")
                .tag("format", format)
                .register(meters));
    }

    @Override
    public void destroy() {
        refresh.shutdownNow();
    }
}
