package dev.payhook.provider.publish;

import dev.payhook.common.BankLine;
import dev.payhook.common.BankStatement;
import dev.payhook.common.BankStatementMessage;
import dev.payhook.common.JsonSerde;
import dev.payhook.common.SettlementBatch;
import dev.payhook.common.SettlementLine;
import dev.payhook.common.SettlementMessage;
import dev.payhook.common.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

/**
 * Writes a report's lines (uploaded to the ingress, or collected) as they are parsed, without waiting
 * for each one (a report can have a million lines), then the batch marker on every partition, then
 * waits until the broker has acknowledged all of it. An upload is answered 202 only after that. A bank
 * statement goes the same way to {@code payhook.bank-statements}.
 *
 * <p>It has a producer of its own, with its own buffer: a million-line upload fills that buffer
 * and waits on it, while webhooks keep the ingress's main producer (and its latency) to themselves.
 */
public class SettlementPublisher implements DisposableBean {

    private static final JsonSerde<SettlementMessage> MESSAGES = JsonSerde.of(SettlementMessage.class);
    private static final JsonSerde<BankStatementMessage> STATEMENTS = JsonSerde.of(BankStatementMessage.class);

    private final DefaultKafkaProducerFactory<String, byte[]> producers;
    private final KafkaTemplate<String, byte[]> kafka;
    private final Duration timeout;

    /**
     * @param eventProducers the service's main producer, whose settings (acks, idempotence, login) this one copies
     * @param clientId       this producer's client id, e.g. {@code payhook-ingress-settlements}
     * @param buffer         this producer's own buffer, in bytes
     * @param timeout        how long a batch waits for the broker to acknowledge its last lines
     */
    public SettlementPublisher(
            ProducerFactory<String, byte[]> eventProducers, String clientId, long buffer, Duration timeout) {
        Map<String, Object> config = new HashMap<>(eventProducers.getConfigurationProperties());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, buffer);
        // Throughput over latency: nobody waits on one line, the upload waits on all of them.
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        this.producers = new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new ByteArraySerializer());
        this.kafka = new KafkaTemplate<>(producers);
        this.timeout = timeout;
    }

    @Override
    public void destroy() {
        producers.destroy();
    }

    public Batch open() {
        return new Batch();
    }

    /** One upload in flight: counts what was sent and what the broker acknowledged. */
    public final class Batch {

        private final AtomicLong acknowledged = new AtomicLong();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private long sent;

        private Batch() {}

        /** Keyed by payment id: a payment's lines and its state meet in the same reconciler task. */
        public void send(SettlementLine line) throws BrokerUnavailableException, PublishFailedException {
            send(new ProducerRecord<>(Topics.SETTLEMENTS, line.paymentId(), MESSAGES.toBytes(line)));
        }

        /**
         * The marker goes to every partition after that partition's lines (one producer keeps
         * per-partition order), so each reconciler task sees the batch's cut-off only once it
         * holds all of the batch's lines for its payments.
         */
        public void close(SettlementBatch batch) throws BrokerUnavailableException, PublishFailedException {
            byte[] marker = MESSAGES.toBytes(batch);
            try {
                for (PartitionInfo partition : kafka.partitionsFor(Topics.SETTLEMENTS)) {
                    send(new ProducerRecord<>(
                            Topics.SETTLEMENTS, partition.partition(), "batch:" + batch.batchId(), marker));
                }
                kafka.flush();
            } catch (RuntimeException e) {
                throw classified("broker refused the batch marker", e);
            }
            awaitAcknowledged();
        }

        /**
         * A bank statement's line, to the partition whose reconciler task owns payouts (key = its account):
         * one partition keeps a statement's lines before its marker.
         */
        public void send(BankLine line) throws BrokerUnavailableException, PublishFailedException {
            send(new ProducerRecord<>(
                    Topics.BANK_STATEMENTS, Topics.BATCH_BREAKS_PARTITION, line.account(), STATEMENTS.toBytes(line)));
        }

        /** The statement's marker after its lines; returns once the broker has acknowledged all of them. */
        public void close(BankStatement statement) throws BrokerUnavailableException, PublishFailedException {
            send(new ProducerRecord<>(
                    Topics.BANK_STATEMENTS,
                    Topics.BATCH_BREAKS_PARTITION,
                    "statement:" + statement.statementId(),
                    STATEMENTS.toBytes(statement)));
            try {
                kafka.flush();
            } catch (RuntimeException e) {
                throw classified("broker refused the statement marker", e);
            }
            awaitAcknowledged();
        }

        private void awaitAcknowledged() throws BrokerUnavailableException, PublishFailedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (acknowledged.get() < sent && failure.get() == null && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            checkFailure();
            if (acknowledged.get() < sent) {
                throw new BrokerUnavailableException(
                        "broker acknowledged " + acknowledged.get() + " of " + sent + " settlement records within "
                                + timeout,
                        null);
            }
        }

        private void send(ProducerRecord<String, byte[]> record)
                throws BrokerUnavailableException, PublishFailedException {
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
            } catch (RuntimeException e) {
                throw classified("broker refused a settlement record", e);
            }
        }

        private static BrokerUnavailableException classified(String what, Throwable error)
                throws PublishFailedException {
            Exception classified = PublishErrors.classify(what, error);
            if (classified instanceof PublishFailedException failed) {
                throw failed;
            }
            return (BrokerUnavailableException) classified;
        }

        private void checkFailure() throws BrokerUnavailableException, PublishFailedException {
            Throwable error = failure.get();
            if (error != null) {
                throw classified("broker refused a settlement record", error);
            }
        }
    }
}
