package dev.payhook.systemtests;

import dev.payhook.common.DisputeStatus;
import dev.payhook.common.PaymentStatus;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whole payment lives told by the providers' own webhooks (the fixtures of
 * {@link dev.payhook.testkit.WebhookFixtures}), each with the state docs/DESIGN.md says it ends in.
 *
 * @param fixtures  the webhooks, in the order the provider sent them
 * @param anomalies the codes of the anomalies the state shows
 */
record ProviderLifecycles(
        String name,
        String provider,
        List<String> fixtures,
        String paymentId,
        PaymentStatus status,
        long capturedAmount,
        long refundedAmount,
        Set<String> reversedRefunds,
        Map<String, DisputeStatus> disputes,
        List<String> anomalies) {

    /** A lifecycle whose state shows no anomaly. */
    ProviderLifecycles(
            String name,
            String provider,
            List<String> fixtures,
            String paymentId,
            PaymentStatus status,
            long capturedAmount,
            long refundedAmount,
            Set<String> reversedRefunds,
            Map<String, DisputeStatus> disputes) {
        this(
                name,
                provider,
                fixtures,
                paymentId,
                status,
                capturedAmount,
                refundedAmount,
                reversedRefunds,
                disputes,
                List.of());
    }

    /** One event of a payment of its own, and the status it leaves. */
    static ProviderLifecycles alone(String provider, String fixture, String paymentId, PaymentStatus status) {
        return new ProviderLifecycles(
                fixture + " alone", provider, List.of(fixture), paymentId, status, 0, 0, Set.of(), Map.of());
    }

    static final String ADYEN_PAYMENT = "8835713480000001";
    static final String STRIPE_INTENT = "pi_3QpayhookA1b2C3d4";
    static final String RAZORPAY_PAYMENT = "pay_PayhookRzp0001";

    @Override
    public String toString() {
        return provider + ": " + name;
    }

    static List<ProviderLifecycles> all() {
        List<ProviderLifecycles> all = new java.util.ArrayList<>(reversals());
        all.addAll(everyOtherEvent());
        return all;
    }

    /**
     * Every other fixture, so each one goes through its mapper into the state machine: the whole
     * vocabulary, not only the money that moves back.
     */
    static List<ProviderLifecycles> everyOtherEvent() {
        return List.of(
                new ProviderLifecycles(
                        "adjusted, reviewed, captured; refused modifications and dispute paperwork change nothing; "
                                + "lost in pre-arbitration",
                        "adyen",
                        List.of(
                                "authorisation",
                                "manual-review-accept",
                                "authorisation-adjustment",
                                "capture",
                                "capture-refused",
                                "refund-refused",
                                "request-for-information",
                                "information-supplied",
                                "dispute-defense-period-ended",
                                "prearbitration-lost",
                                "report-available"),
                        ADYEN_PAYMENT,
                        PaymentStatus.CHARGED_BACK,
                        10000,
                        0,
                        Set.of(),
                        Map.of(ADYEN_PAYMENT, DisputeStatus.LOST)),
                new ProviderLifecycles(
                        "a capture the scheme rejected after Adyen reported it",
                        "adyen",
                        List.of("authorisation", "capture", "capture-failed"),
                        ADYEN_PAYMENT,
                        PaymentStatus.CAPTURED,
                        10000,
                        0,
                        Set.of(),
                        Map.of(),
                        List.of("CAPTURE_FAILED")),
                new ProviderLifecycles(
                        "a pending refund voided",
                        "adyen",
                        List.of("authorisation", "capture", "cancel-or-refund-refund", "void-pending-refund"),
                        ADYEN_PAYMENT,
                        PaymentStatus.CAPTURED,
                        10000,
                        0,
                        Set.of("8835713480000020"),
                        Map.of()),
                alone("adyen", "authorisation-refused", "8835713480000009", PaymentStatus.FAILED),
                alone("adyen", "pending", "8835713480000010", PaymentStatus.PENDING),
                alone("adyen", "manual-review-reject", "8835713480000011", PaymentStatus.FAILED),
                alone("adyen", "cancellation", "8835713480000014", PaymentStatus.CANCELED),
                alone("adyen", "technical-cancel", "8835713480000016", PaymentStatus.CANCELED),
                alone("adyen", "expire", "8835713480000018", PaymentStatus.CANCELED),
                alone("adyen", "offer-closed", "8835713480000019", PaymentStatus.CANCELED),
                alone("adyen", "cancel-or-refund-cancel", "8835713480000022", PaymentStatus.CANCELED),
                // An unreferenced refund pays a card without a payment: refunded, with no capture behind it.
                new ProviderLifecycles(
                        "refund-with-data alone",
                        "adyen",
                        List.of("refund-with-data"),
                        "8835713480000024",
                        PaymentStatus.REFUNDED,
                        0,
                        1500,
                        Set.of(),
                        Map.of(),
                        List.of("REFUND_WITHOUT_CAPTURE")),
                new ProviderLifecycles(
                        "authorized, then captured by hand",
                        "stripe",
                        List.of(
                                "payment_intent.created",
                                "payment_intent.requires_action",
                                "payment_intent.processing",
                                "charge.pending",
                                "payment_intent.amount_capturable_updated",
                                "charge.succeeded.uncaptured",
                                "charge.captured"),
                        STRIPE_INTENT,
                        PaymentStatus.CAPTURED,
                        10000,
                        0,
                        Set.of(),
                        Map.of()),
                new ProviderLifecycles(
                        "partly funded, failed, then canceled",
                        "stripe",
                        List.of(
                                "payment_intent.created",
                                "payment_intent.partially_funded",
                                "payment_intent.payment_failed",
                                "charge.failed",
                                "payment_intent.canceled"),
                        STRIPE_INTENT,
                        PaymentStatus.CANCELED,
                        0,
                        0,
                        Set.of(),
                        Map.of()),
                new ProviderLifecycles(
                        "an uncaptured charge that expired",
                        "stripe",
                        List.of("charge.succeeded.uncaptured", "charge.expired"),
                        STRIPE_INTENT,
                        PaymentStatus.CANCELED,
                        0,
                        0,
                        Set.of(),
                        Map.of()),
                new ProviderLifecycles(
                        "a pending refund, and another canceled before it succeeded",
                        "stripe",
                        List.of(
                                "payment_intent.succeeded",
                                "charge.succeeded",
                                "refund.created.pending",
                                "charge.refund.updated.canceled"),
                        STRIPE_INTENT,
                        PaymentStatus.CAPTURED,
                        10000,
                        0,
                        Set.of(),
                        Map.of()),
                alone("razorpay", "payment.failed", RAZORPAY_PAYMENT, PaymentStatus.FAILED),
                new ProviderLifecycles(
                        "a fraud inquiry closed with nothing deducted",
                        "razorpay",
                        List.of("payment.captured", "payment.dispute.closed"),
                        RAZORPAY_PAYMENT,
                        PaymentStatus.CAPTURED,
                        50000,
                        0,
                        Set.of(),
                        Map.of("disp_PayhookRzp002", DisputeStatus.WON)));
    }

    /** The lives in which money moves back: the reversals the issue found wrong, and their variants. */
    static List<ProviderLifecycles> reversals() {
        return List.of(
                new ProviderLifecycles(
                        "a chargeback the merchant wins",
                        "adyen",
                        List.of(
                                "authorisation",
                                "capture",
                                "notification-of-chargeback",
                                "chargeback",
                                "chargeback-reversed"),
                        ADYEN_PAYMENT,
                        PaymentStatus.CAPTURED,
                        10000,
                        0,
                        Set.of(),
                        Map.of(ADYEN_PAYMENT, DisputeStatus.WON)),
                new ProviderLifecycles(
                        "won, then a second chargeback",
                        "adyen",
                        List.of("authorisation", "capture", "chargeback", "chargeback-reversed", "second-chargeback"),
                        ADYEN_PAYMENT,
                        PaymentStatus.CHARGED_BACK,
                        10000,
                        0,
                        Set.of(),
                        Map.of(ADYEN_PAYMENT, DisputeStatus.LOST)),
                new ProviderLifecycles(
                        "pre-arbitration won after a chargeback",
                        "adyen",
                        List.of("authorisation", "capture", "chargeback", "prearbitration-won"),
                        ADYEN_PAYMENT,
                        PaymentStatus.CAPTURED,
                        10000,
                        0,
                        Set.of(),
                        Map.of(ADYEN_PAYMENT, DisputeStatus.WON)),
                new ProviderLifecycles(
                        "refunds the scheme rejected and the bank returned",
                        "adyen",
                        List.of(
                                "authorisation",
                                "capture",
                                "refund",
                                "cancel-or-refund-refund",
                                "refund-failed",
                                "refunded-reversed"),
                        ADYEN_PAYMENT,
                        PaymentStatus.CAPTURED,
                        10000,
                        0,
                        Set.of("8835713480000004", "8835713480000020"),
                        Map.of()),
                new ProviderLifecycles(
                        "a partial refund that stands",
                        "adyen",
                        List.of("authorisation", "capture", "refund", "refund-refused"),
                        ADYEN_PAYMENT,
                        PaymentStatus.PARTIALLY_REFUNDED,
                        10000,
                        4000,
                        Set.of(),
                        Map.of()),
                new ProviderLifecycles(
                        "charge.refunded alone, as sent since API version 2022-11-15",
                        "stripe",
                        List.of(
                                "payment_intent.created",
                                "payment_intent.succeeded",
                                "charge.succeeded",
                                "charge.refunded"),
                        STRIPE_INTENT,
                        PaymentStatus.REFUNDED,
                        10000,
                        10000,
                        Set.of(),
                        Map.of()),
                new ProviderLifecycles(
                        "a refund that fails after it succeeded",
                        "stripe",
                        List.of(
                                "payment_intent.succeeded",
                                "charge.succeeded",
                                "refund.created",
                                "charge.refunded.legacy",
                                "refund.updated.failed",
                                "refund.failed"),
                        STRIPE_INTENT,
                        PaymentStatus.CAPTURED,
                        10000,
                        0,
                        Set.of("re_3QpayhookR001"),
                        Map.of()),
                new ProviderLifecycles(
                        "a dispute won: funds withdrawn, then reinstated",
                        "stripe",
                        List.of(
                                "charge.succeeded",
                                "charge.dispute.created",
                                "charge.dispute.funds_withdrawn",
                                "charge.dispute.updated",
                                "charge.dispute.closed.won",
                                "charge.dispute.funds_reinstated"),
                        STRIPE_INTENT,
                        PaymentStatus.CAPTURED,
                        10000,
                        0,
                        Set.of(),
                        Map.of("du_1QpayhookD002", DisputeStatus.WON)),
                new ProviderLifecycles(
                        "a dispute lost",
                        "stripe",
                        List.of(
                                "charge.succeeded",
                                "charge.dispute.created",
                                "charge.dispute.funds_withdrawn",
                                "charge.dispute.closed.lost"),
                        STRIPE_INTENT,
                        PaymentStatus.CHARGED_BACK,
                        10000,
                        0,
                        Set.of(),
                        Map.of("du_1QpayhookD002", DisputeStatus.LOST)),
                new ProviderLifecycles(
                        "an inquiry that closed without a chargeback",
                        "stripe",
                        List.of(
                                "charge.succeeded",
                                "charge.dispute.created.inquiry",
                                "charge.dispute.updated.inquiry",
                                "charge.dispute.closed.warning_closed"),
                        STRIPE_INTENT,
                        PaymentStatus.CAPTURED,
                        10000,
                        0,
                        Set.of(),
                        Map.of("du_1QpayhookD001", DisputeStatus.WON)),
                new ProviderLifecycles(
                        "a Charges API charge, refunded and disputed",
                        "stripe",
                        List.of(
                                "charge.succeeded.charges-api",
                                "charge.refunded.charges-api",
                                "charge.dispute.created.charges-api"),
                        "ch_1QpayhookLegacy",
                        PaymentStatus.DISPUTED,
                        10000,
                        10000,
                        Set.of(),
                        Map.of("du_1QpayhookD003", DisputeStatus.OPEN)),
                new ProviderLifecycles(
                        "authorized by name, captured by its entity, refunded, and the refund failed",
                        "razorpay",
                        List.of(
                                "payment.authorized.entity-captured",
                                "refund.created",
                                "refund.processed",
                                "refund.failed"),
                        RAZORPAY_PAYMENT,
                        PaymentStatus.CAPTURED,
                        50000,
                        0,
                        Set.of("rfnd_PayhookRzp001"),
                        Map.of()),
                new ProviderLifecycles(
                        "a dispute lost after review",
                        "razorpay",
                        List.of(
                                "payment.authorized",
                                "order.paid",
                                "payment.captured",
                                "payment.dispute.created",
                                "payment.dispute.under_review",
                                "payment.dispute.lost"),
                        RAZORPAY_PAYMENT,
                        PaymentStatus.CHARGED_BACK,
                        50000,
                        0,
                        Set.of(),
                        Map.of("disp_PayhookRzp001", DisputeStatus.LOST)),
                new ProviderLifecycles(
                        "a dispute won after more evidence",
                        "razorpay",
                        List.of(
                                "payment.captured",
                                "payment.dispute.created",
                                "payment.dispute.action_required",
                                "payment.dispute.won",
                                "refund.speed_changed"),
                        RAZORPAY_PAYMENT,
                        PaymentStatus.CAPTURED,
                        50000,
                        0,
                        Set.of(),
                        Map.of("disp_PayhookRzp001", DisputeStatus.WON)));
    }
}
