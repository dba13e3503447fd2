package dev.payhook.processor.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.JsonSerde;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The payments store's record: the facts' JSON object with the timeline's head as one more property, or,
 * as builds before wrote it, the facts alone; and what those builds read of it after a rollback.
 */
class StoredPaymentTest {

    /** How every build before this one read the store's record. */
    private static final JsonSerde<PaymentFacts> FACTS = JsonSerde.of(PaymentFacts.class);

    private static final String HEAD =
            "0 2\n{\"sequence\":0,\"eventId\":\"e1\"}\n{\"sequence\":1,\"eventId\":\"e\\n2\"}\n";

    private static byte[] write(StoredPayment payment) {
        return StoredPayment.SERDE.serializer().serialize("store", payment);
    }

    private static StoredPayment read(byte[] stored) {
        return StoredPayment.SERDE.deserializer().deserialize("store", stored);
    }

    /** The store's compact JSON of the shape fixture: the facts as an earlier build wrote them. */
    private static byte[] factsAsStoredBefore() throws Exception {
        return JsonSerde.MAPPER.writeValueAsBytes(JsonSerde.MAPPER.readTree(
                Files.readAllBytes(Path.of("src", "test", "resources", "shapes", "payment-facts.json"))));
    }

    @Test
    void aRecordOfFactsAloneReadsAsThePaymentWithItsHeadStillInTheTimelineStore() throws Exception {
        byte[] stored = factsAsStoredBefore();

        StoredPayment payment = read(stored);

        assertThat(payment.facts()).isEqualTo(FACTS.deserialize("shape", stored));
        assertThat(payment.timelineHead()).isNull();
    }

    @Test
    void theHeadIsOneMorePropertyOfTheFactsObject() throws Exception {
        byte[] before = factsAsStoredBefore();
        PaymentFacts facts = FACTS.deserialize("shape", before);

        byte[] stored = write(new StoredPayment(facts, HEAD));

        ObjectNode expected = (ObjectNode) JsonSerde.MAPPER.readTree(before);
        expected.put("timelineHead", HEAD);
        JsonNode written = JsonSerde.MAPPER.readTree(stored);
        assertThat(written).isEqualTo(expected);
        assertThat(read(stored)).isEqualTo(new StoredPayment(facts, HEAD));
        assertThat(read(write(new StoredPayment(facts, null)))).isEqualTo(new StoredPayment(facts, null));
    }

    /** After a rollback an earlier build reads a record this one wrote: the same facts, the head skipped. */
    @Test
    void anEarlierBuildReadsTheFactsOfARecordWithAHead() throws Exception {
        PaymentFacts facts = FACTS.deserialize("shape", factsAsStoredBefore());

        assertThat(FACTS.deserialize("store", write(new StoredPayment(facts, HEAD))))
                .isEqualTo(facts);
    }
}
