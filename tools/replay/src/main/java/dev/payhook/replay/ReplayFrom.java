package dev.payhook.replay;

import java.time.Instant;
import org.apache.kafka.clients.admin.OffsetSpec;

/** Where a replay starts on every input partition: its earliest retained record, or a point in time. */
public sealed interface ReplayFrom {

    OffsetSpec offsetSpec();

    record Earliest() implements ReplayFrom {
        @Override
        public OffsetSpec offsetSpec() {
            return OffsetSpec.earliest();
        }

        @Override
        public String toString() {
            return "the earliest retained offset";
        }
    }

    /**
     * The first record whose timestamp is at or after {@code time}. payhook's records carry the time
     * payhook received them: the ingress's send time, which the Streams applications pass on to their outputs.
     */
    record At(Instant time) implements ReplayFrom {
        @Override
        public OffsetSpec offsetSpec() {
            return OffsetSpec.forTimestamp(time.toEpochMilli());
        }

        @Override
        public String toString() {
            return time.toString();
        }
    }

    /** {@code earliest} or an ISO-8601 instant such as {@code 2026-11-20T09:30:00Z}. */
    static ReplayFrom parse(String text) {
        return "earliest".equals(text) ? new Earliest() : new At(Instant.parse(text));
    }
}
