package dev.payhook.replay;

import org.apache.kafka.common.TopicPartition;

/**
 * One input partition of a replay.
 *
 * @param committed where the application's consumer group stands, or {@code null} when it never committed
 *                  on this partition (it will start there from its {@code auto.offset.reset}; nothing to rewind)
 * @param from      the offset the replay starts at (the log end when no record is at or after the time)
 * @param end       the partition's log end offset now
 */
public record PartitionReplay(TopicPartition partition, Long committed, long from, long end) {

    /** Only ever backwards: a replay never skips records the application has not processed yet. */
    public boolean rewinds() {
        return committed != null && from < committed;
    }

    /** Records the application will read a second time. */
    public long replayed() {
        return rewinds() ? committed - from : 0;
    }
}
