package dev.payhook.common;

import java.util.Set;

/** The topic names of docs/DESIGN.md: the contract between the three services. */
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
    /** Settlement report lines (key = payment id) and batch markers (every partition); see {@link SettlementMessage}. */
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

    /** Compacted topics: the latest record of a key is its current value; all others delete by retention. */
    public static final Set<String> COMPACTED = Set.of(PAYMENTS, DISCREPANCIES);

    private Topics() {
    }
}
