package dev.payhook.processor.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.payhook.common.JsonSerde;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The facts are read through {@link PaymentFacts.Wire}, one flat record: it must name every fact the
 * composed records write, in the same type, or that fact would be dropped on every read of the store.
 */
class PaymentFactsWireTest {

    @Test
    void theWireNamesEveryFactTheRecordsWriteWithItsType() throws NoSuchFieldException {
        List<String> written = new ArrayList<>();
        for (RecordComponent component : PaymentFacts.class.getRecordComponents()) {
            // The annotation lands on the record's field (JsonUnwrapped does not target record components).
            if (PaymentFacts.class.getDeclaredField(component.getName()).isAnnotationPresent(JsonUnwrapped.class)) {
                for (RecordComponent fact : component.getType().getRecordComponents()) {
                    written.add(fact.getName() + ": " + fact.getGenericType().getTypeName());
                }
            } else {
                written.add(
                        component.getName() + ": " + component.getGenericType().getTypeName());
            }
        }
        // And the one property the store's record holds beside the facts (StoredPayment).
        written.add("timelineHead: java.lang.String");
        List<String> read = new ArrayList<>();
        for (RecordComponent component : PaymentFacts.Wire.class.getRecordComponents()) {
            read.add(component.getName() + ": " + component.getGenericType().getTypeName());
        }

        assertThat(read).containsExactlyInAnyOrderElementsOf(written);
    }

    @Test
    void factsReadBackAsWritten() {
        JsonSerde<PaymentFacts> facts = JsonSerde.of(PaymentFacts.class);
        PaymentFacts full = StoredFactsShapeTest.facts();

        assertThat(facts.deserialize("facts", facts.toBytes(full))).isEqualTo(full);
        PaymentFacts none = PaymentFacts.none("pay_none");
        assertThat(facts.deserialize("facts", facts.toBytes(none))).isEqualTo(none);
    }
}
