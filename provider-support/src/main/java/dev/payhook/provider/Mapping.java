package dev.payhook.provider;

import dev.payhook.common.PaymentEvent;
import java.util.List;

/**
 * The canonical events a verified request maps to, and why any part of it could not be mapped.
 * Both can be non-empty: one Adyen notification may carry a capture we map and a report we don't.
 */
public record Mapping(List<PaymentEvent> events, List<String> unmappable) {

    public Mapping {
        events = List.copyOf(events);
        unmappable = List.copyOf(unmappable);
    }

    public static Mapping of(PaymentEvent event) {
        return new Mapping(List.of(event), List.of());
    }

    public static Mapping unmappable(String reason) {
        return new Mapping(List.of(), List.of(reason));
    }
}
