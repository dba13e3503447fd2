package dev.payhook.streams;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a stream thread dies. Records that cannot be applied never get here (they are
 * dead-lettered in their own transaction); what does is infrastructure: a source topic created a
 * moment ago whose metadata has not reached the broker, a fenced producer. Such a thread is
 * replaced, a few times; if threads keep dying, the client shuts down (state ERROR), liveness goes
 * DOWN, and Kubernetes restarts the pod with backoff: a crash loop that is visible, instead of an
 * application that says UP while it replaces its threads forever and processes nothing.
 */
public final class StreamThreadFailures implements StreamsUncaughtExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(StreamThreadFailures.class);

    static final int MAX_REPLACEMENTS = 3;
    static final Duration WINDOW = Duration.ofMinutes(10);

    private final Clock clock;
    private final Deque<Instant> recent = new ArrayDeque<>();
    private volatile String last;
    private volatile long count;

    public StreamThreadFailures() {
        this(Clock.systemUTC());
    }

    StreamThreadFailures(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        Instant now = clock.instant();
        count++;
        last = now + " " + exception.getClass().getSimpleName() + ": " + exception.getMessage();
        while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(WINDOW))) {
            recent.removeFirst();
        }
        if (recent.size() >= MAX_REPLACEMENTS) {
            log.error(
                    "stream thread died {} times within {}; shutting the client down (liveness DOWN)",
                    recent.size() + 1,
                    WINDOW,
                    exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        recent.addLast(now);
        log.warn(
                "stream thread died; replacing it ({} of {} within {})",
                recent.size(),
                MAX_REPLACEMENTS,
                WINDOW,
                exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    long count() {
        return count;
    }

    Optional<String> last() {
        return Optional.ofNullable(last);
    }
}
