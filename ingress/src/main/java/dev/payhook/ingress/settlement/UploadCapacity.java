package dev.payhook.ingress.settlement;

import dev.payhook.ingress.IngressProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * What settlement uploads may take of the ingress at once: how many are read, and how many bytes
 * they hold on disk together. Beyond either, an upload is turned away (429) rather than queued, so
 * uploads can never starve webhooks of threads, disk or the broker.
 */
@Component
class UploadCapacity {

    private final Semaphore uploads;
    private final AtomicLong spooled = new AtomicLong();
    private final long maxSpooled;

    UploadCapacity(IngressProperties properties, MeterRegistry meters) {
        this.uploads = new Semaphore(properties.settlements().maxConcurrentUploads());
        this.maxSpooled = properties.settlements().maxSpooled().toBytes();
        Gauge.builder("payhook.settlements.spooled", spooled, AtomicLong::get)
                .baseUnit("bytes")
                .description("Bytes of settlement reports on disk while they are read")
                .register(meters);
        Gauge.builder(
                        "payhook.settlements.uploads.active",
                        uploads,
                        s -> properties.settlements().maxConcurrentUploads() - s.availablePermits())
                .description("Settlement uploads being read")
                .register(meters);
    }

    /** A slot for one upload, or null when all are taken. */
    Slot tryAcquire() {
        return uploads.tryAcquire() ? new Slot() : null;
    }

    /** One upload's share: its spooled bytes are counted until it closes. */
    final class Slot implements AutoCloseable {

        private long held;
        private boolean closed;

        private Slot() {}

        /** Counts {@code bytes} more on disk; false (nothing counted) when that would pass the limit. */
        boolean spool(long bytes) {
            long now = spooled.addAndGet(bytes);
            if (now > maxSpooled) {
                spooled.addAndGet(-bytes);
                return false;
            }
            held += bytes;
            return true;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                spooled.addAndGet(-held);
                uploads.release();
            }
        }
    }
}
