package dev.payhook.processor.dedup;

import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Remembers event ids for a window that outlives every provider's retry period (Adyen retries for
 * up to 30 days), in a fault-tolerant window store: its changelog makes it survive restarts, and
 * segments older than the retention are dropped as stream time advances, so it cannot grow
 * without bound.
 */
public final class EventDeduplicator {

    public static final String STORE = "payhook-event-ids";

    private final WindowStore<String, Long> seen;
    private final Duration window;

    public EventDeduplicator(WindowStore<String, Long> seen, Duration window) {
        this.seen = seen;
        this.window = window;
    }

    /** Whether the event key was remembered within the window around {@code recordTime}. Reads only. */
    public boolean seen(String eventKey, Instant recordTime) {
        long now = recordTime.toEpochMilli();
        try (WindowStoreIterator<Long> earlier =
                seen.fetch(eventKey, now - window.toMillis(), now + window.toMillis())) {
            return earlier.hasNext();
        }
    }

    /**
     * Remembers the event key. Called only once the event's effect is written in the same
     * transaction, so a key is never remembered for an event that was not applied.
     */
    public void remember(String eventKey, Instant recordTime) {
        long now = recordTime.toEpochMilli();
        seen.put(eventKey, now, now);
    }
}
