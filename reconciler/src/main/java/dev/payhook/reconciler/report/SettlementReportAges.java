package dev.payhook.reconciler.report;

import dev.payhook.common.SettlementBatch;
import dev.payhook.reconciler.BankProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
 * And how far each bank account's statements reach
 * ({@code payhook_reconciler_bank_statements_covered_through_seconds{account}}: the end of the last day
 * covered; NaN before the first statement and on the instances that do not hold the bank leg, so
 * {@code max by (account)} reads the one that does).
 */
@Component
class SettlementReportAges implements DisposableBean {

    private static final long REFRESH_SECONDS = 5;

    private final ReconciliationQueries queries;
    private final MeterRegistry meters;
    private final Map<String, Long> latestCutoff = new ConcurrentHashMap<>();
    private final Map<String, Long> latestCollected = new ConcurrentHashMap<>();
    private final Map<String, Double> bankCovered = new ConcurrentHashMap<>();
    private final ScheduledExecutorService refresh =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "payhook-report-ages"));

    SettlementReportAges(ReconciliationQueries queries, MeterRegistry meters, BankProperties bank) {
        this.queries = queries;
        this.meters = meters;
        bank.accounts().values().forEach(account -> bankCovered.put(account.account(), Double.NaN));
        bankCovered.keySet().forEach(this::bankGauge);
        refresh.scheduleWithFixedDelay(this::refresh, REFRESH_SECONDS, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    private void refresh() {
        List<SettlementBatch> batches;
        List<CollectionStatus> collections;
        Map<String, LocalDate> covered;
        try {
            batches = queries.batches(Integer.MAX_VALUE, ReconciliationQueries.ITSELF);
            collections = queries.collections();
            covered = queries.localBankCoverage();
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
        covered.forEach((account, day) -> {
            boolean known = bankCovered.containsKey(account);
            bankCovered.put(account, (double)
                    day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond());
            if (!known) {
                bankGauge(account);
            }
        });
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

    private void bankGauge(String account) {
        Gauge.builder(
                        "payhook.reconciler.bank.statements.covered.through",
                        bankCovered,
                        m -> m.getOrDefault(account, Double.NaN))
                .description("The end of the last day this bank account's statements cover, epoch seconds")
                .baseUnit("seconds")
                .tag("account", account)
                .register(meters);
    }

    @Override
    public void destroy() {
        refresh.shutdownNow();
    }
}
