package dev.payhook.processor.stream;

import dev.payhook.common.DeadLetter;
import dev.payhook.common.PaymentState;
import dev.payhook.common.PaymentTransition;
import dev.payhook.processor.state.PaymentFacts;

/** What applying one webhook record produced. A duplicate produces nothing at all. */
sealed interface Outcome {

    /** The new facts (for the store), the snapshot they give (to publish), and the status change if any. */
    /** @param was the payment's published state before the event, null for its first */
    record Applied(PaymentFacts facts, PaymentState was, PaymentState state, PaymentTransition transition)
            implements Outcome {}

    record DeadLettered(DeadLetter deadLetter) implements Outcome {}
}
