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
 * @param fixtures the webhooks, in the order the provider sent them
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
        Map<String, DisputeStatus> disputes) {

    static final String ADYEN_PAYMENT = "8835713480000001";
    static final String STRIPE_INTENT = "pi_3QpayhookA1b2C3d4";
    static final String RAZORPAY_PAYMENT = "pay_PayhookRzp0001";

    @Override
    public String toString() {
        return provider + ": " + name;
    }

    static List<ProviderLifecycles> all() {
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
