package dev.payhook.processor.state;

/**
 * A refund whose money came back, as one event told it.
 *
 * @param refundId the refund it undoes, when the provider names it (Stripe, Razorpay, Adyen
 *                 {@code REFUND_FAILED}); null when it does not (Adyen {@code REFUNDED_REVERSED} has a
 *                 pspReference of its own), and then it undoes a refund of its amount
 * @param amount   minor units returned; 0 when the provider sent none
 */
public record RefundReversal(String refundId, long amount) {

    /** The same reversal told twice: the larger amount, so deliveries merge in any order. */
    RefundReversal merge(RefundReversal other) {
        return amount >= other.amount ? this : other;
    }
}
