package dev.payhook.provider;

import dev.payhook.common.PaymentEvent;
import dev.payhook.common.ReportAnnouncement;
import java.util.List;

/**
 * The canonical events a verified request maps to, the reports it announces, and why any part of it
 * could not be mapped. Several can be non-empty: one Adyen notification may carry a capture we map
 * and an item we don't.
 */
public record Mapping(List<PaymentEvent> events, List<String> unmappable, List<ReportAnnouncement> announcements) {

    public Mapping {
        events = List.copyOf(events);
        unmappable = List.copyOf(unmappable);
        announcements = List.copyOf(announcements);
    }

    public static Mapping of(PaymentEvent event) {
        return new Mapping(List.of(event), List.of(), List.of());
    }

    public static Mapping unmappable(String reason) {
        return new Mapping(List.of(), List.of(reason), List.of());
    }

    public static Mapping announcing(ReportAnnouncement announcement) {
        return new Mapping(List.of(), List.of(), List.of(announcement));
    }

    /** Nothing in it: neither an event, nor an announcement, nor a reason. */
    /** The events in the source's configured account where they name none themselves. */
    public Mapping inAccountByDefault(String sourceAccount) {
        if (sourceAccount == null) {
            return this;
        }
        return new Mapping(
                events.stream().map(e -> e.inAccountByDefault(sourceAccount)).toList(), unmappable, announcements);
    }

    public boolean isEmpty() {
        return events.isEmpty() && unmappable.isEmpty() && announcements.isEmpty();
    }
}
