package dev.payhook.collector.reports;

import com.stripe.model.reporting.ReportRun;
import dev.payhook.collector.Backoff;
import dev.payhook.collector.CompactedLog;
import dev.payhook.common.ReportAnnouncement;
import dev.payhook.common.ReportCollection;
import dev.payhook.provider.WebhookSources.ConfiguredSource;
import dev.payhook.provider.publish.ReportIntake;
import dev.payhook.provider.publish.SettlementPublisher;
import dev.payhook.provider.settlement.MalformedReportException;
import dev.payhook.provider.settlement.ReportOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects settlement reports so that no one has to upload them: each complete day of every source
 * that serves one by API (a Stripe report run, Razorpay's settlement recon), and every report a
 * provider announced by webhook (a Stripe report run that finished, an Adyen {@code REPORT_AVAILABLE}).
 *
 * <p>A report becomes a batch exactly as an upload of the same file would ({@link ReportIntake}): the
 * batch id is the file's hash, so a report collected twice (by polling and by its webhook, by a re-run,
 * by two collectors at once) is one batch. What was collected is kept on {@code payhook.report-collections},
 * read at the start of every run, so each report is fetched once and a restart resumes. A download is
 * spooled whole before any line is published: one cut off publishes nothing and is tried again.
 */
public final class ReportCollector {

    private static final Logger log = LoggerFactory.getLogger(ReportCollector.class);

    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final ReportCollectionProperties properties;
    private final List<ConfiguredSource> sources;
    private final CompactedLog<ReportCollection> collections;
    private final SettlementPublisher publisher;
    private final ReportDownloads downloads = new ReportDownloads();
    private final ReportMetrics metrics;
    private final Clock clock;
    private final Sleeper sleeper;

    ReportCollector(
            ReportCollectionProperties properties,
            List<ConfiguredSource> sources,
            CompactedLog<ReportCollection> collections,
            SettlementPublisher publisher,
            ReportMetrics metrics,
            Clock clock,
            Sleeper sleeper) {
        this.properties = properties;
        this.sources = List.copyOf(sources);
        this.collections = collections;
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** The sources whose days are asked for: Stripe and Razorpay sources with an API key. */
    public List<String> pulledSources() {
        return pulled().stream().map(ConfiguredSource::name).toList();
    }

    private List<ConfiguredSource> pulled() {
        return sources.stream()
                .filter(s ->
                        s.settings().apiKey() != null && !s.settings().apiKey().isBlank())
                .filter(s -> s.provider().name().equals("stripe")
                        || s.provider().name().equals("razorpay"))
                .toList();
    }

    /**
     * Every complete day not collected yet, of every pulled source, oldest first.
     *
     * @return what could not be done, in words; a Stripe run still being made is not a failure
     */
    public synchronized List<String> collectDays() throws InterruptedException {
        List<String> failures = new ArrayList<>();
        Map<String, ReportCollection> known = collections.read();
        for (ConfiguredSource source : pulled()) {
            try {
                if (source.provider().name().equals("stripe")) {
                    stripeDays(source, known);
                } else {
                    razorpayDays(source, known);
                }
            } catch (ReportFetchException e) {
                metrics.failed(source.name());
                failures.add(source.name() + ": " + e.getMessage());
                log.warn("reports: {} stopped, the next run continues there: {}", source.name(), e.getMessage());
            }
        }
        return failures;
    }

    /** The days from the first lookback (or the oldest known) to the last one complete at {@code end}. */
    private List<LocalDate> days(ConfiguredSource source, Map<String, ReportCollection> known, Instant end) {
        LocalDate last = LocalDate.ofInstant(end, ZoneOffset.UTC).minusDays(1);
        LocalDate first =
                LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(properties.firstLookbackDays());
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            ReportCollection done = known.get(source.name() + ":" + day);
            if (done == null || !done.done()) {
                days.add(day);
            }
        }
        return days;
    }

    private void stripeDays(ConfiguredSource source, Map<String, ReportCollection> known)
            throws ReportFetchException, InterruptedException {
        StripeReportRuns stripe = new StripeReportRuns(
                source.settings().apiKey(),
                source.settings().apiBase(),
                source.settings().reportType());
        // A run may not end after the type's data is complete: only whole days up to there.
        Instant available = retried(source, "Stripe's report type", stripe::dataAvailableEnd);
        for (LocalDate day : days(source, known, available)) {
            ReportCollection entry = known.get(source.name() + ":" + day);
            String runId;
            if (entry != null && entry.runId() != null) {
                runId = entry.runId();
            } else {
                Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
                ReportRun run = retried(
                        source, "a report run of " + day, () -> stripe.request(start, start.plus(Duration.ofDays(1))));
                runId = run.getId();
                write(new ReportCollection(
                        source.name(),
                        day.toString(),
                        ReportCollection.Status.REQUESTED,
                        runId,
                        null,
                        stripe.reportType(),
                        clock.instant()));
                log.info(
                        "reports: {} asked Stripe for {} of {}: report run {}",
                        source.name(),
                        stripe.reportType(),
                        day,
                        runId);
            }
            ReportRun run = awaitRun(source, stripe, runId);
            if (run == null) {
                log.info(
                        "reports: {} report run {} of {} is not ready yet; its webhook or the next run collects it",
                        source.name(),
                        runId,
                        day);
                continue;
            }
            if ("failed".equals(run.getStatus())) {
                throw new ReportFetchException(
                        "Stripe report run " + runId + " of " + day + " failed: " + run.getError(), false, null);
            }
            collect(
                    source,
                    day.toString(),
                    runId,
                    URI.create(run.getResult().getUrl()),
                    "stripe",
                    "collected from " + source.name() + ": Stripe report run " + runId + " (" + day + ")");
        }
    }

    /** The run once it succeeded or failed; null while Stripe is still making it after {@code runWait}. */
    private ReportRun awaitRun(ConfiguredSource source, StripeReportRuns stripe, String runId)
            throws ReportFetchException, InterruptedException {
        Instant giveUp = clock.instant().plus(properties.runWait());
        while (true) {
            ReportRun run = retried(source, "report run " + runId, () -> stripe.retrieve(runId));
            if (!"pending".equals(run.getStatus())) {
                return run;
            }
            if (!clock.instant().isBefore(giveUp)) {
                return null;
            }
            sleeper.sleep(properties.runPoll());
        }
    }

    private void razorpayDays(ConfiguredSource source, Map<String, ReportCollection> known)
            throws ReportFetchException, InterruptedException {
        RazorpayRecon recon =
                new RazorpayRecon(source.settings().apiKey(), source.settings().apiBase());
        for (LocalDate day : days(source, known, clock.instant())) {
            String what = "Razorpay settlement recon of " + day;
            Path csv = tempFile();
            try {
                retried(source, what, () -> {
                    recon.day(day, csv, properties.maxSize().toBytes());
                    return null;
                });
                if (isEmpty(csv)) {
                    write(new ReportCollection(
                            source.name(),
                            day.toString(),
                            ReportCollection.Status.COLLECTED,
                            null,
                            null,
                            what + ": no items",
                            clock.instant()));
                    continue;
                }
                publish(source, day.toString(), null, csv, "razorpay", "collected from " + source.name() + ": " + what);
            } finally {
                delete(csv);
            }
        }
    }

    /**
     * Every report announced since the last run, in order. A report refused for good (a host off the
     * allow-list, a kind payhook does not read) is recorded and passed; a failure that may pass stops
     * the reading there, and the next run starts again from it.
     *
     * @return what could not be done, in words
     */
    public synchronized List<String> collectAnnounced(ReportAnnouncement announcement) throws InterruptedException {
        ConfiguredSource source = sources.stream()
                .filter(s -> s.name().equals(announcement.source()))
                .findFirst()
                .orElse(null);
        if (source == null) {
            log.warn(
                    "reports: announcement {} of unknown source {} ignored",
                    announcement.reportId(),
                    announcement.source());
            return List.of();
        }
        Map<String, ReportCollection> known = collections.read();
        try {
            if (source.provider().name().equals("stripe")) {
                stripeAnnounced(source, announcement, known);
            } else if (source.provider().name().equals("adyen")) {
                adyenAnnounced(source, announcement, known);
            } else {
                log.info(
                        "reports: {} announced {}, but payhook collects no {} report by announcement",
                        source.name(),
                        announcement.reportId(),
                        source.provider().name());
            }
            return List.of();
        } catch (ReportFetchException e) {
            metrics.failed(source.name());
            if (e.retryable()) {
                return List.of(source.name() + ": " + e.getMessage());
            }
            log.warn("reports: refused {} of {}: {}", announcement.reportId(), source.name(), e.getMessage());
            metrics.refused(source.name());
            try {
                write(new ReportCollection(
                        source.name(),
                        announcement.reportId(),
                        ReportCollection.Status.REFUSED,
                        null,
                        null,
                        e.getMessage(),
                        clock.instant()));
            } catch (ReportFetchException notWritten) {
                return List.of(source.name() + ": " + notWritten.getMessage());
            }
            return List.of();
        }
    }

    private void stripeAnnounced(
            ConfiguredSource source, ReportAnnouncement announcement, Map<String, ReportCollection> known)
            throws ReportFetchException, InterruptedException {
        // The day this run was asked for, when this collector asked; else the run itself names the report.
        String report = known.values().stream()
                .filter(c -> c.source().equals(source.name())
                        && announcement.reportId().equals(c.runId()))
                .map(ReportCollection::report)
                .findFirst()
                .orElse(announcement.reportId());
        ReportCollection done = known.get(source.name() + ":" + report);
        if (done != null && done.done()) {
            log.debug("reports: {} report run {} was collected already", source.name(), announcement.reportId());
            return;
        }
        if (announcement.reportType() == null
                || !(announcement.reportType().startsWith("balance_change_from_activity.itemized.")
                        || announcement.reportType().startsWith("payout_reconciliation.itemized."))) {
            throw new ReportFetchException(
                    "Stripe report type " + announcement.reportType() + " is not a settlement report payhook reads"
                            + " (balance_change_from_activity.itemized.*, payout_reconciliation.itemized.*)",
                    false,
                    null);
        }
        collect(
                source,
                report,
                announcement.reportId(),
                URI.create(announcement.url()),
                "stripe",
                "collected from " + source.name() + ": Stripe report run " + announcement.reportId() + ", announced");
    }

    private void adyenAnnounced(
            ConfiguredSource source, ReportAnnouncement announcement, Map<String, ReportCollection> known)
            throws ReportFetchException, InterruptedException {
        ReportCollection done = known.get(source.name() + ":" + announcement.reportId());
        if (done != null && done.done()) {
            log.debug("reports: {} {} was collected already", source.name(), announcement.reportId());
            return;
        }
        if (!"settlement_detail_report".equals(announcement.reportType())) {
            throw new ReportFetchException(
                    announcement.reportId() + " is not a settlement details report", false, null);
        }
        if (announcement.url() == null) {
            throw new ReportFetchException(announcement.reportId() + " was announced without a URL", false, null);
        }
        collect(
                source,
                announcement.reportId(),
                null,
                URI.create(announcement.url()),
                "adyen",
                "collected from " + source.name() + ": " + announcement.reportId());
    }

    /** Downloads a report file (Stripe's Files API, Adyen's report host), then publishes it. */
    private void collect(ConfiguredSource source, String report, String runId, URI url, String format, String origin)
            throws ReportFetchException, InterruptedException {
        Map<String, String> headers = credentials(source);
        Path file = tempFile();
        try {
            ReportIntake.Spooled spooled = retried(
                    source,
                    report,
                    () -> downloads.fetch(
                            url,
                            headers,
                            source.settings().allowedReportHosts(),
                            file,
                            properties.maxSize().toBytes(),
                            report));
            publish(source, report, runId, file, format, origin, spooled.batchId());
        } finally {
            delete(file);
        }
    }

    private static Map<String, String> credentials(ConfiguredSource source) throws ReportFetchException {
        if (source.provider().name().equals("stripe")) {
            return Map.of("Authorization", "Bearer " + source.settings().apiKey());
        }
        String user = source.settings().reportUsername();
        String password = source.settings().reportPassword();
        if (user == null || password == null) {
            throw new ReportFetchException(
                    "payhook.sources." + source.name()
                            + ".report-username and .report-password are needed to download its reports",
                    false,
                    null);
        }
        return Map.of(
                "Authorization",
                "Basic "
                        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /** A file written locally (Razorpay's recon): spooled like a download, for its hash and checks. */
    private void publish(ConfiguredSource source, String report, String runId, Path csv, String format, String origin)
            throws ReportFetchException, InterruptedException {
        Path spool = tempFile();
        try {
            ReportIntake.Spooled spooled;
            try {
                spooled = ReportIntake.spool(
                        Files.newInputStream(csv), spool, properties.maxSize().toBytes(), ReportIntake.UNBOUNDED);
            } catch (IOException | MalformedReportException e) {
                throw new ReportFetchException(report + " unreadable: " + e.getMessage(), false, e);
            }
            publish(source, report, runId, spool, format, origin, spooled.batchId());
        } finally {
            delete(spool);
        }
    }

    private void publish(
            ConfiguredSource source,
            String report,
            String runId,
            Path file,
            String format,
            String origin,
            String batchId)
            throws ReportFetchException, InterruptedException {
        ReportOptions options = new ReportOptions(
                source.settings().reportTimeZone() == null
                        ? null
                        : java.time.ZoneId.of(source.settings().reportTimeZone()),
                origin,
                source.settings().account(),
                null);
        ReportIntake.Outcome outcome = retried(source, report, () -> {
            try {
                ReportIntake.Outcome tried =
                        ReportIntake.validateThenPublish(publisher, format, options, batchId, file);
                if (tried instanceof ReportIntake.NotAcknowledged failure) {
                    throw new ReportFetchException(
                            report + ": the broker did not take it: "
                                    + failure.cause().getMessage(),
                            true,
                            failure.cause());
                }
                return tried;
            } catch (IOException | MalformedReportException e) {
                throw new ReportFetchException(report + " unreadable: " + e.getMessage(), false, e);
            }
        });
        String published = null;
        String detail;
        if (outcome instanceof ReportIntake.Published done) {
            published = batchId;
            detail = origin + ": " + done.report().lines() + " lines, "
                    + done.report().rejectedCount() + " rejected";
            metrics.collected(source.name(), done.report().batch().cutoff());
        } else {
            ReportIntake.Unusable unusable = (ReportIntake.Unusable) outcome;
            if (!"no-usable-line".equals(unusable.type())) {
                throw new ReportFetchException(report + ": " + unusable.message(), false, null);
            }
            // A day without activity: collected, and nothing to reconcile.
            detail = origin + ": no usable line";
        }
        write(new ReportCollection(
                source.name(), report, ReportCollection.Status.COLLECTED, runId, published, detail, clock.instant()));
        log.info("reports: {} ({})", detail, published == null ? "no batch" : "batch " + published);
    }

    private void write(ReportCollection collection) throws ReportFetchException {
        try {
            collections.write(collection.key(), collection);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReportFetchException("interrupted while recording " + collection.key(), true, e);
        } catch (Exception e) {
            throw new ReportFetchException("could not record " + collection.key() + ": " + e.getMessage(), true, e);
        }
    }

    interface Attempt<T> {
        T run() throws ReportFetchException, InterruptedException;
    }

    /** A retryable failure is tried again after a backoff, up to {@code attempts}; a permanent one is not. */
    private <T> T retried(ConfiguredSource source, String what, Attempt<T> attempt)
            throws ReportFetchException, InterruptedException {
        for (int tried = 1; ; tried++) {
            try {
                return attempt.run();
            } catch (ReportFetchException e) {
                if (!e.retryable() || tried >= properties.attempts()) {
                    throw e;
                }
                Duration wait = Backoff.after(tried, properties.backoff(), properties.maxBackoff());
                log.info(
                        "reports: {} of {} failed (attempt {} of {}), next in {} ms: {}",
                        what,
                        source.name(),
                        tried,
                        properties.attempts(),
                        wait.toMillis(),
                        e.getMessage());
                sleeper.sleep(wait);
            }
        }
    }

    private static boolean isEmpty(Path file) throws ReportFetchException {
        try {
            return Files.size(file) == 0;
        } catch (IOException e) {
            throw new ReportFetchException(file + " unreadable: " + e, true, e);
        }
    }

    private static Path tempFile() throws ReportFetchException {
        try {
            return Files.createTempFile("payhook-report-", ".csv");
        } catch (IOException e) {
            throw new ReportFetchException("no room for a temporary file: " + e, true, e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("reports: could not delete {}: {}", file, e.toString());
        }
    }
}
