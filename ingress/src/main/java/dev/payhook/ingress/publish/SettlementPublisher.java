package dev.payhook.ingress.publish;

import dev.payhook.common.JsonSerde;
import dev.payhook.common.SettlementBatch;
import dev.payhook.common.SettlementLine;
import dev.payhook.common.SettlementMessage;
import dev.payhook.common.Topics;
import dev.payhook.ingress.webhook.IngressProperties;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes an uploaded report's lines as they are parsed, without waiting for each one (a report can
 * have a million lines), then the batch marker on every partition, then waits until the broker
 * has acknowledged all of it. An upload is answered 202 only after that.
 */
@Component
public class SettlementPublisher {

    private static final JsonSerde<SettlementMessage> MESSAGES = JsonSerde.of(SettlementMessage.class);

    private final KafkaTemplate<String, byte[]> kafka;
    private final Duration timeout;

    public SettlementPublisher(KafkaTemplate<String, byte[]> kafka, IngressProperties properties) {
        this.kafka = kafka;
        this.timeout = properties.settlements().publishTimeout();
    }

    public Batch open() {
        return new Batch();
    }

    /** One upload in flight: counts what was sent and what the broker acknowledged. */
    public final class Batch {

        private final AtomicLong acknowledged = new AtomicLong();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private long sent;

        private Batch() {
        }

        /** Keyed by payment id: a payment's lines and its state meet in the same reconciler task. */
        public void send(SettlementLine line) throws BrokerUnavailableException {
            send(new ProducerRecord<>(Topics.SETTLEMENTS, line.paymentId(), MESSAGES.toBytes(line)));
        }

        /**
         * The marker goes to every partition after that partition's lines (one producer keeps
         * per-partition order), so each reconciler task sees the batch's cut-off only once it
         * holds all of the batch's lines for its payments.
         */
        public void close(SettlementBatch batch) throws BrokerUnavailableException {
            byte[] marker = MESSAGES.toBytes(batch);
            try {
                for (PartitionInfo partition : kafka.partitionsFor(Topics.SETTLEMENTS)) {
                    send(new ProducerRecord<>(Topics.SETTLEMENTS, partition.partition(), "batch:" + batch.batchId(), marker));
                }
                kafka.flush();
            } catch (KafkaException | org.springframework.kafka.KafkaException e) {
                throw new BrokerUnavailableException("broker unreachable: " + e.getMessage(), e);
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (acknowledged.get() < sent && failure.get() == null && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            checkFailure();
            if (acknowledged.get() < sent) {
                throw new BrokerUnavailableException("broker acknowledged " + acknowledged.get() + " of " + sent
                        + " settlement records within " + timeout, null);
            }
        }

        private void send(ProducerRecord<String, byte[]> record) throws BrokerUnavailableException {
            checkFailure();
            try {
                kafka.send(record).whenComplete((result, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    } else {
                        acknowledged.incrementAndGet();
                    }
                });
                sent++;
            } catch (KafkaException | org.springframework.kafka.KafkaException e) {
                throw new BrokerUnavailableException("broker unreachable: " + e.getMessage(), e);
            }
        }

        private void checkFailure() throws BrokerUnavailableException {
            Throwable error = failure.get();
            if (error != null) {
                throw new BrokerUnavailableException("broker refused a settlement record: " + error.getMessage(), error);
            }
        }
    }
}
