package dev.payhook.collector.recovery;

import dev.payhook.collector.recovery.RecoveryCheckpoints.Checkpoint;
import dev.payhook.common.Discrepancy;
import dev.payhook.common.DiscrepancyStatus;
import dev.payhook.common.DiscrepancyType;
import dev.payhook.common.PaymentEvent;
import dev.payhook.common.PaymentState;
import dev.payhook.common.PaymentStatus;
import dev.payhook.common.api.DiscrepancyPage;
import dev.payhook.common.api.ProcessorApi;
import dev.payhook.common.api.ReconcilerApi;
import dev.payhook.provider.Mapping;
import dev.payhook.provider.Provider;
import dev.payhook.provider.WebhookRequest;
import dev.payhook.provider.publish.EventPublisher;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Asks each polled source's API what payhook may have missed, and publishes what it finds onto
 * {@code payhook.webhooks} through the source's own mapping, marked {@code delivery = poll}. The
 * provider's event ids (or ids derived from a state) make every overlap with pushed webhooks a
 * duplicate the processor drops. Three triggers, in this order:
 *
 * <ol>
 *   <li><b>sweep</b>: everything the source listed since its checkpoint less the overlap, window by
 *       window; the checkpoint moves after each window is published, never past a failure;
 *   <li><b>stuck</b>: payments PENDING or AUTHORIZED longer than {@code stuck-after}, from the processor;
 *   <li><b>unknown-settlement</b>: every payment behind an open {@code UNKNOWN_SETTLEMENT}, from the reconciler.
 * </ol>
 *
 * A failed provider call is retried with exponential backoff and jitter (or after the Retry-After
 * the provider asked for), up to {@code attempts}; then the run gives up on that source and its
 * checkpoint stays where it was, so the next run covers the same window: none is ever skipped.
 */
public final class RecoveryJob {

    private static final Logger log = LoggerFactory.getLogger(RecoveryJob.class);
    /** Events per publish call: each call waits for all of its acknowledgements within the publish timeout. */
    private static final int PUBLISH_CHUNK = 500;
    /**
     * Payments asked about per trigger and run: each costs a provider call (or one per source), and a
     * run must stay within the providers' rate limits however many are waiting.
     */
    private static final int LOOKUP_LIMIT = 500;

    /** A source the job can poll: its name, its mapping, its API. */
    /** @param account the source's configured merchant account, for events that name none */
    record PolledSource(String name, Provider provider, ProviderApi api, String account) {}

    /**
     * @param published events published per source and trigger ({@code stripe/sweep} → 12)
     * @param failures  what could not be done, in words; empty when the run did everything
     */
    public record Report(Map<String, Integer> published, List<String> failures) {

        public boolean complete() {
            return failures.isEmpty();
        }
    }

    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final RecoveryProperties properties;
    private final Map<String, PolledSource> sources;
    private final RecoveryCheckpoints checkpoints;
    private final EventPublisher publisher;
    private final RecoveryMetrics metrics;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RestClient http =
            RestClient.builder().requestFactory(HttpTimeouts.requestFactory()).build();

    RecoveryJob(
            RecoveryProperties properties,
            List<PolledSource> sources,
            RecoveryCheckpoints checkpoints,
            EventPublisher publisher,
            RecoveryMetrics metrics,
            Clock clock,
            Sleeper sleeper) {
        this.properties = properties;
        this.sources = new TreeMap<>();
        sources.forEach(s -> this.sources.put(s.name(), s));
        this.checkpoints = checkpoints;
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** The sources this job polls. */
    public Set<String> sources() {
        return sources.keySet();
    }

    public static final String SWEEP = "sweep";
    public static final String STUCK = "stuck";
    public static final String UNKNOWN_SETTLEMENT = "unknown-settlement";
    public static final String BACKFILL = "backfill";

    /** Every trigger once. */
    public Report run() throws InterruptedException {
        return run(Set.of(SWEEP, STUCK, UNKNOWN_SETTLEMENT));
    }

    /** These triggers once, in their order. Runs never overlap within one process. */
    public synchronized Report run(Set<String> triggers) throws InterruptedException {
        Map<String, Integer> published = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        Map<String, Checkpoint> reached;
        try {
            reached = triggers.contains(SWEEP) ? checkpoints.read() : Map.of();
        } catch (RuntimeException e) {
            return new Report(published, List.of("checkpoints unreadable: " + e.getMessage()));
        }
        for (PolledSource source : triggers.contains(SWEEP) ? sources.values() : List.<PolledSource>of()) {
            try {
                sweep(source, reached.get(source.name()), published);
            } catch (ProviderApiException | PublishFailure e) {
                metrics.runFailed(source.name());
                failures.add(source.name() + " sweep: " + e.getMessage());
                log.warn("recovery: {} sweep stopped, its checkpoint stays put: {}", source.name(), e.getMessage());
            }
        }
        if (triggers.contains(STUCK)) {
            stuck(published, failures);
        }
        if (triggers.contains(UNKNOWN_SETTLEMENT)) {
            unknownSettlements(published, failures);
        }
        // Most of it is overlap the processor drops; it counts and logs the events no webhook had brought.
        log.debug("recovery: published {}", published);
        return new Report(published, failures);
    }

    /**
     * Everything every polled source lists in {@code [from, until)}, window by window, published like a
     * sweep; the checkpoints are neither read nor moved. For a window the sweeps no longer cover: an
     * outage longer than the overlap, or a source polled only after it started.
     */
    public synchronized Report backfill(Instant from, Instant until) throws InterruptedException {
        Map<String, Integer> published = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (PolledSource source : sources.values()) {
            try {
                windows(source, from.truncatedTo(ChronoUnit.SECONDS), until, BACKFILL, published, to -> {});
            } catch (ProviderApiException | PublishFailure e) {
                metrics.runFailed(source.name());
                failures.add(source.name() + " backfill: " + e.getMessage());
            }
        }
        return new Report(published, failures);
    }

    private void sweep(PolledSource source, Checkpoint checkpoint, Map<String, Integer> published)
            throws ProviderApiException, PublishFailure, InterruptedException {
        Instant end = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant from = (checkpoint == null
                        ? end.minus(properties.firstLookback())
                        : checkpoint.sweptUntil().minus(properties.overlap()))
                .truncatedTo(ChronoUnit.SECONDS);
        windows(source, from, end, SWEEP, published, to -> {
            try {
                checkpoints.write(new Checkpoint(source.name(), to, clock.instant()));
            } catch (Exception e) {
                throw new PublishFailure("checkpoint not written: " + e.getMessage(), e);
            }
            metrics.checkpoint(source.name(), to);
        });
    }

    private interface WindowDone {
        void published(Instant until) throws PublishFailure;
    }

    /**
     * What the source lists in {@code [from, until)}, window by window, each published page by page;
     * {@code done} runs once a window is all published. A failed call is retried from its window's
     * start: what is published again is a duplicate the processor drops.
     */
    private void windows(
            PolledSource source,
            Instant from,
            Instant until,
            String trigger,
            Map<String, Integer> published,
            WindowDone done)
            throws ProviderApiException, PublishFailure, InterruptedException {
        while (from.isBefore(until)) {
            Instant windowStart = from;
            Instant to = earliest(from.plus(properties.window()), until);
            attempt(source, () -> {
                source.api().eventsBetween(windowStart, to, page -> publish(source, page, trigger, published));
                return null;
            });
            done.published(to);
            from = to;
        }
    }

    private void stuck(Map<String, Integer> published, List<String> failures) throws InterruptedException {
        Instant before = clock.instant().minus(properties.stuckAfter());
        for (PaymentStatus status : List.of(PaymentStatus.PENDING, PaymentStatus.AUTHORIZED)) {
            List<PaymentState> waiting;
            try {
                waiting = http.get()
                        .uri(URI.create(
                                properties.processor() + ProcessorApi.waitingPayments(status, before, LOOKUP_LIMIT)))
                        .retrieve()
                        .body(new ParameterizedTypeReference<List<PaymentState>>() {});
            } catch (RestClientException e) {
                failures.add("stuck payments: the processor did not answer: " + e.getMessage());
                return;
            }
            for (PaymentState payment : waiting == null ? List.<PaymentState>of() : waiting) {
                PolledSource source = sources.get(payment.source());
                if (source != null) {
                    lookUp(source, payment.paymentId(), STUCK, published, failures);
                }
            }
        }
    }

    private void unknownSettlements(Map<String, Integer> published, List<String> failures) throws InterruptedException {
        List<Discrepancy> unknown;
        try {
            // The newest first: a payment whose webhook was just missed is the likeliest to be found.
            DiscrepancyPage page = http.get()
                    .uri(URI.create(properties.reconciler()
                            + ReconcilerApi.discrepancyPage(
                                    DiscrepancyStatus.OPEN, DiscrepancyType.UNKNOWN_SETTLEMENT, true, LOOKUP_LIMIT)))
                    .headers(headers -> {
                        if (properties.reconcilerToken() != null) {
                            headers.setBearerAuth(properties.reconcilerToken());
                        }
                    })
                    .retrieve()
                    .body(DiscrepancyPage.class);
            unknown = page == null ? null : page.items();
        } catch (RestClientException e) {
            failures.add("unknown settlements: the reconciler did not answer: " + e.getMessage());
            return;
        }
        Set<String> paymentIds = new LinkedHashSet<>();
        (unknown == null ? List.<Discrepancy>of() : unknown).forEach(d -> paymentIds.add(d.paymentId()));
        for (String paymentId : paymentIds) {
            // A settlement line does not say which provider took the payment: each polled source is asked.
            for (PolledSource source : sources.values()) {
                if (lookUp(source, paymentId, UNKNOWN_SETTLEMENT, published, failures)) {
                    break;
                }
            }
        }
    }

    /** @return whether the source knows the payment */
    private boolean lookUp(
            PolledSource source,
            String paymentId,
            String trigger,
            Map<String, Integer> published,
            List<String> failures)
            throws InterruptedException {
        try {
            List<WebhookRequest> told = attempt(source, () -> source.api().payment(paymentId));
            publish(source, told, trigger, published);
            return !told.isEmpty();
        } catch (ProviderApiException | PublishFailure e) {
            failures.add(source.name() + " " + trigger + " " + paymentId + ": " + e.getMessage());
            return false;
        }
    }

    private void publish(
            PolledSource source, List<WebhookRequest> requests, String trigger, Map<String, Integer> published)
            throws PublishFailure {
        List<PaymentEvent> events = new ArrayList<>();
        for (WebhookRequest request : requests) {
            Mapping mapping = source.provider().map(request).inAccountByDefault(source.account());
            mapping.events().forEach(e -> events.add(e.deliveredBy(PaymentEvent.POLL)));
            // Events that are not payment state changes (a customer created…) are listed too: not news.
            mapping.unmappable().forEach(reason -> log.debug("recovery: {} not published: {}", source.name(), reason));
        }
        for (int i = 0; i < events.size(); i += PUBLISH_CHUNK) {
            try {
                publisher.publish(events.subList(i, Math.min(events.size(), i + PUBLISH_CHUNK)), null);
            } catch (Exception e) {
                throw new PublishFailure("publishing to the broker failed: " + e.getMessage(), e);
            }
        }
        if (!events.isEmpty()) {
            published.merge(source.name() + "/" + trigger, events.size(), Integer::sum);
        }
        metrics.published(source.name(), trigger, events.size());
    }

    private interface ApiCall<T> {
        T call() throws ProviderApiException, PublishFailure;
    }

    private <T> T attempt(PolledSource source, ApiCall<T> call)
            throws ProviderApiException, PublishFailure, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (ProviderApiException e) {
                metrics.apiError(source.name());
                if (!e.retryable || attempt >= properties.attempts()) {
                    throw e;
                }
                Duration wait = e.retryAfter != null ? e.retryAfter : backoff(attempt);
                log.warn(
                        "recovery: {} API call failed (attempt {} of {}), next in {} ms: {}",
                        source.name(),
                        attempt,
                        properties.attempts(),
                        wait.toMillis(),
                        e.getMessage());
                sleeper.sleep(wait);
            }
        }
    }

    /** Exponential, capped, with equal jitter: half the step fixed, half random, so retries spread out. */
    Duration backoff(int attempt) {
        return dev.payhook.collector.Backoff.after(attempt, properties.backoff(), properties.maxBackoff());
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** The broker did not take what was found: the run stops for this source, its checkpoint stays. */
    static final class PublishFailure extends Exception {
        PublishFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
