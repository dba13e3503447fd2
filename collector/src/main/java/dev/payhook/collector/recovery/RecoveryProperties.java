package dev.payhook.collector.recovery;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The recovery job ({@code payhook.recovery}): polling the providers' APIs for what push delivery missed.
 *
 * @param interval      how often the collector's {@code scheduled} mode runs the job
 * @param overlap       how far before its checkpoint a sweep starts again: events a provider lists late
 *                      are still found, and the processor's dedup absorbs the rest
 * @param firstLookback how far back the first sweep of a source (no checkpoint yet) starts
 * @param window        the longest stretch one provider listing covers; the checkpoint moves after each
 * @param stuckAfter    a payment PENDING or AUTHORIZED for longer is looked up at its provider
 * @param processor     where the processor answers {@code GET /payments?status=&before=}
 * @param reconciler    where the reconciler lists open {@code UNKNOWN_SETTLEMENT}s
 * @param reconcilerToken the operator token the job reads that list with (an operator of every account: a
 *                      payment of any account may be missing); without one the reconciler refuses, and the
 *                      run says so
 * @param attempts      calls to a provider before a run gives up on it (its checkpoint stays put)
 * @param backoff       the first wait after a failed call; doubled each time, with jitter, up to {@code maxBackoff}
 * @param backfillFrom  sweep {@code [backfillFrom, backfillUntil)} instead of the triggers, leaving the
 *                      checkpoints alone (a one-off run after a long outage; deploy/RUNBOOK.md)
 * @param backfillUntil the end of the backfill; now when not set
 */
@ConfigurationProperties("payhook.recovery")
public record RecoveryProperties(
        @DefaultValue("1m") Duration interval,
        @DefaultValue("10m") Duration overlap,
        @DefaultValue("1h") Duration firstLookback,
        @DefaultValue("1h") Duration window,
        @DefaultValue("30m") Duration stuckAfter,
        @DefaultValue("http://localhost:8081") URI processor,
        @DefaultValue("http://localhost:8082") URI reconciler,
        @DefaultValue("6") int attempts,
        @DefaultValue("1s") Duration backoff,
        @DefaultValue("30s") Duration maxBackoff,
        java.time.Instant backfillFrom,
        java.time.Instant backfillUntil,
        String reconcilerToken) {

    /** The token must never reach a log line, and records print every component by default. */
    @Override
    public String toString() {
        return "RecoveryProperties[processor=" + processor + ", reconciler=" + reconciler + ", reconcilerToken="
                + (reconcilerToken == null ? "none" : "(masked)") + "]";
    }
}
