package dev.payhook.collector.recovery;

import dev.payhook.collector.CompactedLog;
import dev.payhook.common.Topics;
import java.time.Instant;
import java.util.Map;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Where each source's sweep has reached, on {@code payhook.recovery.checkpoints} (compacted, key =
 * source). Read whole at the start of a run: a restarted or rescheduled job resumes where the last
 * one stopped. A checkpoint moves only after everything before it was published.
 */
final class RecoveryCheckpoints {

    /** @param sweptUntil every event the source listed before this instant has been published */
    record Checkpoint(String source, Instant sweptUntil, Instant writtenAt) {}

    private final CompactedLog<Checkpoint> log;

    RecoveryCheckpoints(Map<String, Object> consumerConfig, KafkaTemplate<String, byte[]> kafka) {
        this.log = new CompactedLog<>(Topics.RECOVERY_CHECKPOINTS, Checkpoint.class, consumerConfig, kafka);
    }

    /** The latest checkpoint of every source. */
    Map<String, Checkpoint> read() {
        return log.read();
    }

    void write(Checkpoint checkpoint) throws Exception {
        log.write(checkpoint.source(), checkpoint);
    }
}
