package dev.payhook.processor.stream;

import dev.payhook.common.DeadLetter;
import dev.payhook.common.PaymentEvent;
import dev.payhook.common.PaymentState;
import dev.payhook.common.PaymentStatus;
import dev.payhook.common.PaymentTransition;
import dev.payhook.processor.state.PaymentFacts;
import dev.payhook.processor.state.PaymentLimits;
import dev.payhook.processor.state.PaymentStateMachine;
import dev.payhook.processor.state.StoredPayment;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decode, drop what was seen before, apply, and say what changed. State store, output and input
 * offsets commit in one transaction (exactly_once_v2): a crash anywhere replays the record against
 * the state as it was before it, never after.
 *
 * <p>The payment's facts are its dedup marks: they list every event applied to it ({@code source:eventId}),
 * so an event seen before changes nothing, however long ago it came, and no store of event ids is
 * read or written beside them (one store record per event fewer: BENCHMARKS.md, "Issue 34, session 16").
 */
class PaymentEventProcessor implements Processor<String, byte[], String, Outcome> {

    private static final Logger log = LoggerFactory.getLogger(PaymentEventProcessor.class);
    private final PaymentLimits limits;
    private final ProcessorMetrics metrics;
    private ProcessorContext<String, Outcome> context;
    private KeyValueStore<String, StoredPayment> payments;
    private OpenPaymentIndex open;
    private PaymentTimeline timeline;

    PaymentEventProcessor(PaymentLimits limits, ProcessorMetrics metrics) {
        this.limits = limits;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Outcome> context) {
        this.context = context;
        this.payments = context.getStateStore(PaymentTopology.PAYMENTS_STORE);
        this.open = new OpenPaymentIndex(context.getStateStore(PaymentTopology.OPEN_PAYMENTS_STORE));
        this.timeline = new PaymentTimeline(context.getStateStore(PaymentTopology.TIMELINE_STORE));
    }

    @Override
    public void process(Record<String, byte[]> record) {
        PaymentEvent event;
        Outcome.Applied applied;
        StoredPayment stored;
        PaymentFacts before;
        try {
            // The provider's raw JSON is skipped unparsed: nothing here reads it, and a dead letter
            // keeps the record's own bytes.
            event = PaymentEvent.WITHOUT_PAYLOAD.deserialize(
                    context.recordMetadata().map(m -> m.topic()).orElse(null), record.value());
            if (event == null) {
                throw new SerializationException("empty record");
            }
            stored = payments.get(event.paymentId());
            before = stored == null ? null : stored.facts();
            Optional<String> limit = PaymentStateMachine.exceededLimit(before, event, limits);
            if (limit.isPresent()) {
                overLimit(record, stored, limit.get());
                return;
            }
            applied = apply(before, event);
        } catch (RuntimeException e) {
            // Undecodable, invalid, or a bug: no retry will fix it. Nothing was written for it;
            // keep it with the error and go on with the next record.
            deadLetter(record, e);
            return;
        }
        if (applied == null) {
            // The facts list it: applied before. Only its timeline changes.
            metrics.duplicates.increment();
            payments.put(
                    event.paymentId(),
                    new StoredPayment(
                            before,
                            timeline.record(event, PaymentTimeline.DUPLICATE, status(before), stored.timelineHead())));
            return;
        }
        // Everything is computed: the state (its facts listing this event, its timeline's head) and the
        // outputs are written together, in this record's transaction, or (if a write fails) not at all.
        String head = timeline.record(
                event,
                PaymentTimeline.APPLIED,
                applied.state().status(),
                stored == null ? PaymentTimeline.NEW : stored.timelineHead());
        payments.put(event.paymentId(), new StoredPayment(applied.facts(), head));
        index(applied.was(), applied.state());
        context.forward(record.withValue((Outcome) applied));
    }

    /** The new facts, snapshot and transition, or null when the event changes nothing. Writes nothing. */
    private Outcome.Applied apply(PaymentFacts before, PaymentEvent event) {
        PaymentFacts facts = PaymentStateMachine.apply(before, event);
        if (facts.equals(before)) {
            return null;
        }
        PaymentState was = before == null ? null : PaymentStateMachine.state(before);
        PaymentState after = PaymentStateMachine.state(facts);
        count(before, was, after, event);
        PaymentTransition transition = was != null && was.status() == after.status()
                ? null
                : new PaymentTransition(
                        after.paymentId(),
                        after.orderId(),
                        was == null ? null : was.status(),
                        after.status(),
                        event.eventId(),
                        event.source(),
                        event.occurredAt(),
                        Instant.now(),
                        after.account());
        return new Outcome.Applied(facts, was, after, transition);
    }

    /**
     * The event would take the payment past a limit: it is dead-lettered, and the payment shows
     * the limit as an anomaly (written once; a second event past it changes nothing more).
     */
    private void overLimit(Record<String, byte[]> record, StoredPayment stored, String limit) {
        PaymentFacts before = stored.facts();
        PaymentFacts marked = PaymentStateMachine.limitReached(before, limit);
        if (!marked.equals(before)) {
            metrics.anomalies.increment();
            payments.put(marked.paymentId(), new StoredPayment(marked, stored.timelineHead()));
            Outcome.Applied applied = new Outcome.Applied(
                    marked, PaymentStateMachine.state(before), PaymentStateMachine.state(marked), null);
            index(applied.was(), applied.state());
            context.forward(record.withValue((Outcome) applied));
        }
        deadLetter(
                record,
                new IllegalStateException("payment " + before.paymentId() + " reached its limit of " + limit + " ("
                        + limits + "); the event was not applied"));
    }

    private static PaymentStatus status(PaymentFacts facts) {
        return facts == null ? null : PaymentStateMachine.state(facts).status();
    }

    private void index(PaymentState was, PaymentState now) {
        open.move(
                now.paymentId(),
                was == null ? null : was.status(),
                was == null ? null : was.updatedAt(),
                now.status(),
                now.updatedAt());
    }

    private void count(PaymentFacts before, PaymentState was, PaymentState after, PaymentEvent event) {
        metrics.applied.increment();
        if (PaymentEvent.POLL.equals(event.delivery()) && PaymentStateMachine.changesTheOutcome(was, after)) {
            // Polling told payhook something no webhook had: the provider's push is failing. (A polled
            // state under an id of its own, Razorpay's, may repeat what a webhook already said.)
            metrics.recovered(event.source());
            log.warn(
                    "push delivery missed: {} event {} of payment {} ({}) was recovered by polling the provider",
                    event.source(),
                    event.eventId(),
                    event.paymentId(),
                    event.providerEventType());
        }
        if (PaymentStateMachine.outOfOrder(before, event)) {
            metrics.outOfOrder.increment();
        }
        if (after.anomalies().size() > (was == null ? 0 : was.anomalies().size())) {
            metrics.anomalies.increment();
        }
        if (event.receivedAt() != null) {
            metrics.latency(Duration.between(event.receivedAt(), Instant.now()));
        }
    }

    private void deadLetter(Record<String, byte[]> record, Exception error) {
        var metadata = context.recordMetadata();
        DeadLetter deadLetter = DeadLetter.of(
                metadata.map(m -> m.topic()).orElse(null),
                metadata.map(m -> m.partition()).orElse(-1),
                metadata.map(m -> m.offset()).orElse(-1L),
                record.key(),
                record.value(),
                error,
                Instant.now());
        log.warn(
                "dead-lettering {}-{}@{}: {}",
                deadLetter.topic(),
                deadLetter.partition(),
                deadLetter.offset(),
                deadLetter.error());
        metrics.deadLetters.increment();
        context.forward(record.withValue((Outcome) new Outcome.DeadLettered(deadLetter)));
    }
}
