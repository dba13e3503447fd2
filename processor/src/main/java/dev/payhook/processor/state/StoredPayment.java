package dev.payhook.processor.state;

import dev.payhook.common.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What the processor's payments store keeps under a payment's id: its facts and the head of its
 * timeline (its newest entries, as {@link dev.payhook.streams.KeyedLog} writes them), in one record, so
 * an event costs one read and one write of its payment, one changelog record, instead of two of each
 * (BENCHMARKS.md, "Issue 34, session 23"). Older timeline entries stay in pages of the timeline store.
 *
 * <p>Stored as the facts' JSON object with one more property, {@code timelineHead} (a string): a
 * build before this one reads the facts and skips it (unknown properties are ignored), so a rollback
 * keeps every payment's state. A record such a build wrote is the facts alone ({@code timelineHead}
 * null): that payment's head is still in the timeline store, and moves here with its next event.
 *
 * @param timelineHead the timeline's head, or null
 */
public record StoredPayment(PaymentFacts facts, String timelineHead) {

    private static final JsonSerde<PaymentFacts> FACTS = JsonSerde.of(PaymentFacts.class);
    private static final JsonSerde<PaymentFacts.Wire> WIRE = JsonSerde.of(PaymentFacts.Wire.class);
    /** The head as a JSON string, by a writer made once (the mapper's own call looks one up every time). */
    private static final JsonSerde<String> HEAD = JsonSerde.of(String.class);

    private static final byte[] HEAD_PROPERTY = ",\"timelineHead\":".getBytes(StandardCharsets.UTF_8);

    public static final Serde<StoredPayment> SERDE = Serdes.serdeFrom(StoredPayment::write, StoredPayment::read);

    private static byte[] write(String topic, StoredPayment payment) {
        if (payment == null) {
            return null;
        }
        byte[] facts = FACTS.serialize(topic, payment.facts());
        if (payment.timelineHead() == null) {
            return facts;
        }
        byte[] head = HEAD.serialize(topic, payment.timelineHead());
        // The facts' object, its closing brace replaced by one more property and the brace.
        int end = facts.length - 1;
        byte[] stored = Arrays.copyOf(facts, end + HEAD_PROPERTY.length + head.length + 1);
        System.arraycopy(HEAD_PROPERTY, 0, stored, end, HEAD_PROPERTY.length);
        System.arraycopy(head, 0, stored, end + HEAD_PROPERTY.length, head.length);
        stored[stored.length - 1] = '}';
        return stored;
    }

    private static StoredPayment read(String topic, byte[] stored) {
        if (stored == null) {
            return null;
        }
        PaymentFacts.Wire wire = WIRE.deserialize(topic, stored);
        return new StoredPayment(PaymentFacts.read(wire), wire.timelineHead());
    }
}
