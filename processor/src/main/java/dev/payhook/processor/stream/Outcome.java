package dev.payhook.processor.stream;

import dev.payhook.common.DeadLetter;
import dev.payhook.common.PaymentState;
import dev.payhook.common.PaymentTransition;

/** What applying one webhook record produced. A duplicate produces nothing at all. */
sealed interface Outcome {

    /** The new snapshot, and the status change if there was one. */
    record Applied(PaymentState state, PaymentTransition transition) implements Outcome {}

    record DeadLettered(DeadLetter deadLetter) implements Outcome {}
}
