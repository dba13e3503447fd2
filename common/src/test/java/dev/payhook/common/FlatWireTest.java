package dev.payhook.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The composed records published as one flat object are read through a flat {@code Wire} record: it
 * must name every property the records write, in the same type, or that property would be dropped on
 * every read.
 */
class FlatWireTest {

    @Test
    void theEventsWireNamesEveryPropertyTheRecordsWrite() throws NoSuchFieldException {
        assertThat(properties(PaymentEvent.Wire.class, false))
                .containsExactlyInAnyOrderElementsOf(properties(PaymentEvent.class, true));
    }

    @Test
    void theStatesWireNamesEveryPropertyTheRecordsWrite() throws NoSuchFieldException {
        assertThat(properties(PaymentState.Wire.class, false))
                .containsExactlyInAnyOrderElementsOf(properties(PaymentState.class, true));
    }

    /** "name: type" of each property the record writes, its unwrapped records' flattened when asked. */
    static List<String> properties(Class<?> record, boolean unwrap) throws NoSuchFieldException {
        List<String> properties = new ArrayList<>();
        for (RecordComponent component : record.getRecordComponents()) {
            // The annotation lands on the record's field (JsonUnwrapped does not target record components).
            if (unwrap && record.getDeclaredField(component.getName()).isAnnotationPresent(JsonUnwrapped.class)) {
                properties.addAll(properties(component.getType(), false));
            } else {
                properties.add(
                        component.getName() + ": " + component.getGenericType().getTypeName());
            }
        }
        return properties;
    }
}
