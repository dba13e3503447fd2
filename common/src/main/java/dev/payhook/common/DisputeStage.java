package dev.payhook.common;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * How far a dispute has gone, in the order card schemes run it (Adyen's dispute flow, Stripe's
 * dispute statuses, Razorpay's dispute phases). A dispute is at the furthest stage any of its
 * events reached, whatever order they arrived in: {@code SECOND_CHARGEBACK} after
 * {@code CHARGEBACK_REVERSED} is a loss again, and a late {@code NOTIFICATION_OF_CHARGEBACK} does
 * not reopen a decided dispute. Where one stage ends two ways, the loss is the later constant:
 * money that left is never reported as kept.
 */
public enum DisputeStage {
    /**
     * The issuer asked for information (Adyen {@code REQUEST_FOR_INFORMATION}, Stripe
     * {@code warning_*}); no money moved.
     */
    INQUIRY(DisputeStatus.OPEN),
    /** An inquiry closed without becoming a chargeback (Stripe {@code warning_closed}): the funds stay. */
    INQUIRY_CLOSED(DisputeStatus.WON),
    /**
     * A chargeback was announced or is being contested (Adyen {@code NOTIFICATION_OF_CHARGEBACK},
     * Stripe {@code needs_response}, {@code under_review}).
     */
    OPENED(DisputeStatus.OPEN),
    /** The chargeback was debited (Adyen {@code CHARGEBACK}): lost unless the defence succeeds. */
    CHARGEBACK(DisputeStatus.LOST),
    /**
     * The defence succeeded and the funds came back (Adyen {@code CHARGEBACK_REVERSED}, Stripe
     * {@code funds_reinstated}).
     */
    CHARGEBACK_REVERSED(DisputeStatus.WON),
    /** The issuer disputed again after a reversal (Adyen {@code SECOND_CHARGEBACK}): debited again. */
    SECOND_CHARGEBACK(DisputeStatus.LOST),
    /** Decided for the merchant: pre-arbitration won, a dispute closed as won. */
    DECIDED_WON(DisputeStatus.WON),
    /** Decided for the cardholder: pre-arbitration lost, a dispute closed as lost. */
    DECIDED_LOST(DisputeStatus.LOST);

    private final DisputeStatus outcome;

    DisputeStage(DisputeStatus outcome) {
        this.outcome = outcome;
    }

    /** What the merchant holds at this stage: the funds (WON), not (LOST), or not yet known (OPEN). */
    public DisputeStatus outcome() {
        return outcome;
    }

    /** The furthest of two stages: commutative, associative and idempotent, so order never matters. */
    public DisputeStage join(DisputeStage other) {
        return other == null || compareTo(other) >= 0 ? this : other;
    }

    /**
     * Whether funds may have come back on the way here, so a chargeback reversal in a settlement
     * report is explained: the dispute was won, or went past a reversal (a second chargeback, an
     * arbitration, which only follow one).
     */
    public boolean mayHaveReinstatedFunds() {
        return outcome == DisputeStatus.WON || compareTo(CHARGEBACK_REVERSED) >= 0;
    }

    /**
     * The stage a canonical dispute event stands for when its sender names no stage (Standard
     * Webhooks, generic senders): opened, or decided.
     */
    public static DisputeStage of(PaymentEventType type) {
        return switch (type) {
            case DISPUTE_WON -> DECIDED_WON;
            case DISPUTE_LOST -> DECIDED_LOST;
            case DISPUTE_OPENED -> OPENED;
            default -> throw new IllegalArgumentException(type + " is not a dispute event");
        };
    }

    /**
     * Reads stages, and the outcomes that processor stores held before stages existed: an open
     * dispute, a reversal (which a later second chargeback still overturns), a chargeback (which a
     * later reversal still overturns).
     */
    @JsonCreator
    static DisputeStage parse(String name) {
        return switch (name) {
            case "OPEN" -> OPENED;
            case "WON" -> CHARGEBACK_REVERSED;
            case "LOST" -> CHARGEBACK;
            default -> valueOf(name);
        };
    }
}
