package dev.payhook.common;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The topics of docs/DESIGN.md, the contract between the three services: their names, and in
 * {@link #CATALOGUE} their layout, the one place the services' topic creation and the Kubernetes
 * manifests (checked by their test) take it from.
 */
public final class Topics {

    /** Canonical payment events from every provider, key = payment id. */
    public static final String WEBHOOKS = "payhook.webhooks";
    /** Verified requests that could not be mapped to a payment event, kept with the reason. */
    public static final String WEBHOOKS_QUARANTINE = "payhook.webhooks.quarantine";
    /** Payment state snapshots, compacted, key = payment id. */
    public static final String PAYMENTS = "payhook.payments";
    /** One record per status change, key = payment id. */
    public static final String PAYMENT_TRANSITIONS = "payhook.payment-transitions";
    /** Records the processor could not apply, with the error; see {@link DeadLetter}. */
    public static final String WEBHOOKS_DEAD_LETTER = "payhook.webhooks.dead-letter";
    /** Reconciler input records (payments, settlements, resolutions) it could not apply, with the error. */
    public static final String RECONCILER_DEAD_LETTER = "payhook.reconciler.dead-letter";
    /**
     * Settlement report lines (key = payment id) and batch markers (every partition); see {@link SettlementMessage}.
     */
    public static final String SETTLEMENTS = "payhook.settlements";
    /** Reconciliation breaks, compacted, key = discrepancy id. */
    public static final String DISCREPANCIES = "payhook.discrepancies";
    /** Settlement lines that matched the payment state, key = payment id. */
    public static final String MATCHES = "payhook.matches";
    /**
     * Operators' manual resolutions, key = payment id. Internal to the reconciler: resolutions go
     * through the same stream as the evidence so one task decides a discrepancy's status.
     */
    public static final String DISCREPANCY_RESOLUTIONS = "payhook.discrepancy-resolutions";
    /**
     * Bank statements' lines and the markers that close them ({@link BankStatementMessage}), all on
     * {@link #BATCH_BREAKS_PARTITION}, key = account: the reconciler task that owns payouts (the breaks
     * of whole batches) matches them to the bank. Keyed and co-partitioned with the reconciler's other
     * inputs so it is read by the same task.
     */
    public static final String BANK_STATEMENTS = "payhook.bank-statements";

    /**
     * The journal: balanced double-entry entries the reconciler posts for operators' resolutions that move
     * money, compacted, key = entry id. Kept for ever: it is the books.
     */
    public static final String JOURNAL = "payhook.journal";

    /**
     * Closed periods' statements, one per period, provider and currency, compacted, key =
     * {@code <period>|<source>|<currency>}, one partition: immutable once written, kept for ever.
     */
    public static final String PERIOD_CLOSES = "payhook.period-closes";

    /**
     * Where the recovery job's sweep of each polled source has reached, key = source name,
     * compacted, one partition: a restarted or rescheduled job resumes there.
     */
    public static final String RECOVERY_CHECKPOINTS = "payhook.recovery.checkpoints";

    /**
     * Reports a provider announced by webhook (Stripe's {@code reporting.report_run.succeeded},
     * Adyen's {@code REPORT_AVAILABLE}), key = source name, one partition: the ingress only records
     * them, and the collector downloads them, so no request thread ever makes an outbound call.
     */
    public static final String REPORT_ANNOUNCEMENTS = "payhook.report-announcements";

    /**
     * The reports the collector has collected, key = {@code <source>:<report>} (a day, a report run,
     * a file), compacted, one partition: a report is collected once, whoever announced or asked for
     * it, and a restarted collector resumes where it was.
     */
    public static final String REPORT_COLLECTIONS = "payhook.report-collections";

    /**
     * Where an ingress's warm-up, before it reports ready, publishes what it sends itself: the same
     * work as a webhook's, on the same producer, so the first provider requests meet compiled code.
     * Nothing reads it; a day of retention.
     */
    public static final String INGRESS_WARMUP = "payhook.ingress.warmup";

    /**
     * The partition whose reconciler task owns the breaks of whole batches ({@code PAYOUT_MISMATCH}):
     * every task sees every batch marker and exactly one must report it; batches are few. Their
     * resolutions are written to this partition of {@link #DISCREPANCY_RESOLUTIONS}, key = {@code batch:<batchId>}.
     */
    public static final int BATCH_BREAKS_PARTITION = 0;

    /** How long deleted topics keep what operators may need to look back on: a quarter. */
    private static final Duration QUARTER = Duration.ofDays(90);

    /**
     * Every topic. {@code payhook.webhooks} is kept 35 days (Adyen retries for up to 30); a replay from
     * its beginning meets a state that deduplicates it (each payment's facts list the events applied to
     * it). Resolutions are kept for ever: they are the
     * operators' decisions, and the reconciler rebuilds its state from them.
     */
    public static final List<TopicSpec> CATALOGUE = List.of(
            new TopicSpec(WEBHOOKS, true, false, Duration.ofDays(35)),
            new TopicSpec(WEBHOOKS_QUARANTINE, false, false, QUARTER),
            new TopicSpec(WEBHOOKS_DEAD_LETTER, false, false, QUARTER),
            new TopicSpec(RECONCILER_DEAD_LETTER, false, false, QUARTER),
            new TopicSpec(PAYMENTS, true, true, null),
            new TopicSpec(PAYMENT_TRANSITIONS, true, false, QUARTER),
            new TopicSpec(SETTLEMENTS, true, false, QUARTER),
            new TopicSpec(DISCREPANCIES, true, true, null),
            new TopicSpec(MATCHES, true, false, QUARTER),
            new TopicSpec(BANK_STATEMENTS, true, false, QUARTER),
            new TopicSpec(DISCREPANCY_RESOLUTIONS, true, false, null),
            new TopicSpec(JOURNAL, true, true, null),
            new TopicSpec(PERIOD_CLOSES, false, true, null),
            new TopicSpec(RECOVERY_CHECKPOINTS, false, true, null),
            new TopicSpec(REPORT_ANNOUNCEMENTS, false, false, QUARTER),
            new TopicSpec(REPORT_COLLECTIONS, false, true, null),
            new TopicSpec(INGRESS_WARMUP, false, false, Duration.ofDays(1)));

    /** Compacted topics: the latest record of a key is its current value; all others delete by retention. */
    public static final Set<String> COMPACTED = CATALOGUE.stream()
            .filter(TopicSpec::compacted)
            .map(TopicSpec::name)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** The named topics as a service creates them (locally and in tests), keyed ones with this many partitions. */
    public static org.apache.kafka.clients.admin.NewTopic[] newTopics(int keyedPartitions, String... names) {
        return java.util.Arrays.stream(names)
                .map(name -> spec(name).newTopic(keyedPartitions))
                .toArray(org.apache.kafka.clients.admin.NewTopic[]::new);
    }

    public static TopicSpec spec(String name) {
        return CATALOGUE.stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no topic " + name + " in the contract"));
    }

    private Topics() {}
}
