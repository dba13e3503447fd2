package dev.payhook.streams;

import dev.payhook.web.Problems;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * What a failed query answers. 503 means one thing, "not here yet, retry": a store being
 * rebalanced or restored, a Streams client not running yet, a peer that did not answer in time.
 * Anything else is a bug: a 500 problem with an error id, logged with its stack trace under that id,
 * so a client is not told to retry forever and an operator does not go looking at Kafka.
 */
public final class QueryFailures {

    private static final Logger log = LoggerFactory.getLogger(QueryFailures.class);

    private final BooleanSupplier running;

    /** @param running whether the Streams client runs: until it does (starting, rebalancing) no query is answered */
    public QueryFailures(BooleanSupplier running) {
        this.running = running;
    }

    /** For the application's Streams client. */
    public static QueryFailures of(StreamsBuilderFactoryBean streams) {
        return new QueryFailures(() -> {
            KafkaStreams kafkaStreams = streams.getKafkaStreams();
            return kafkaStreams != null && kafkaStreams.state() == KafkaStreams.State.RUNNING;
        });
    }

    public ResponseEntity<ProblemDetail> answer(RuntimeException failure, String what) {
        if (failure instanceof PeerUnavailableException peer) {
            return Problems.stateUnavailable(what, "The " + peer.getMessage() + "; retry shortly.");
        }
        if (failure instanceof InvalidStateStoreException || !running.getAsBoolean()) {
            return Problems.stateUnavailable(what);
        }
        String errorId = "err_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        log.error("answering 500 with error id {}", errorId, failure);
        return Problems.internalError(errorId);
    }
}
