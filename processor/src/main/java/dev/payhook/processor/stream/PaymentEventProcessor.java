package dev.payhook.processor.stream;

import dev.payhook.common.DeadLetter;
import dev.payhook.common.JsonSerde;
import dev.payhook.common.PaymentEvent;
import dev.payhook.common.PaymentState;
import dev.payhook.common.PaymentTransition;
import dev.payhook.processor.dedup.EventDeduplicator;
import dev.payhook.processor.state.PaymentStateMachine;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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
 */
class PaymentEventProcessor implements Processor<String, byte[], String, Outcome> {

    private static final Logger log = LoggerFactory.getLogger(PaymentEventProcessor.class);
    private static final JsonSerde<PaymentEvent> EVENTS = JsonSerde.of(PaymentEvent.class);

    private final Duration dedupWindow;
    private final ProcessorMetrics metrics;
    private ProcessorContext<String, Outcome> context;
    private EventDeduplicator deduplicator;
    private KeyValueStore<String, PaymentState> payments;

    PaymentEventProcessor(Duration dedupWindow, ProcessorMetrics metrics) {
        this.dedupWindow = dedupWindow;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Outcome> context) {
        this.context = context;
        this.deduplicator = new EventDeduplicator(context.getStateStore(EventDeduplicator.STORE), dedupWindow);
        this.payments = context.getStateStore(PaymentTopology.PAYMENTS_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        PaymentEvent event;
        try {
            event = EVENTS.deserialize(context.recordMetadata().map(m -> m.topic()).orElse(null), record.value());
            if (event == null) {
                throw new SerializationException("empty record");
            }
        } catch (SerializationException e) {
            deadLetter(record, e);
            return;
        }
        try {
            if (!deduplicator.firstSeen(PaymentStateMachine.eventKey(event), Instant.ofEpochMilli(record.timestamp()))) {
                metrics.duplicates.increment();
                return;
            }
            PaymentState before = payments.get(event.paymentId());
            PaymentState after = PaymentStateMachine.apply(before, event);
            if (after.equals(before)) {
                // Seen before the dedup window (or its store was lost): the state already has it.
                metrics.duplicates.increment();
                return;
            }
            payments.put(event.paymentId(), after);
            count(before, after, event);
            PaymentTransition transition = before != null && before.status() == after.status() ? null
                    : new PaymentTransition(after.paymentId(), after.orderId(), before == null ? null : before.status(),
                            after.status(), event.eventId(), event.source(), event.occurredAt(), Instant.now());
            context.forward(record.withValue((Outcome) new Outcome.Applied(after, transition)));
        } catch (RuntimeException e) {
            // A bug or an event no retry will fix: keep it with the error and keep the stream moving.
            deadLetter(record, e);
        }
    }

    private void count(PaymentState before, PaymentState after, PaymentEvent event) {
        metrics.applied.increment();
        if (PaymentStateMachine.outOfOrder(before, event)) {
            metrics.outOfOrder.increment();
        }
        if (after.anomalies().size() > (before == null ? 0 : before.anomalies().size())) {
            metrics.anomalies.increment();
        }
        if (event.receivedAt() != null) {
            metrics.latency(Duration.between(event.receivedAt(), Instant.now()));
        }
    }

    private void deadLetter(Record<String, byte[]> record, Exception error) {
        var metadata = context.recordMetadata();
        DeadLetter deadLetter = new DeadLetter(
                metadata.map(m -> m.topic()).orElse(null),
                metadata.map(m -> m.partition()).orElse(-1),
                metadata.map(m -> m.offset()).orElse(-1L),
                record.key(),
                record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8),
                error.getClass().getSimpleName() + ": " + error.getMessage(),
                Instant.now());
        log.warn("dead-lettering {}-{}@{}: {}", deadLetter.topic(), deadLetter.partition(), deadLetter.offset(), deadLetter.error());
        metrics.deadLetters.increment();
        context.forward(record.withValue((Outcome) new Outcome.DeadLettered(deadLetter)));
    }
}
