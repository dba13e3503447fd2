package dev.payhook.streams;

import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.streams.KafkaStreamsInteractiveQueryService;

/**
 * Answers a question about one key from the instance that owns the key's partition: here, or
 * forwarded to the owner's {@code …/local} endpoint ({@code application.server} says where each
 * instance answers), its answer passed back as it is.
 */
public final class KeyOwner {

    private final KafkaStreamsInteractiveQueryService queries;
    private final Peers peers;

    public KeyOwner(KafkaStreamsInteractiveQueryService queries, Peers peers) {
        this.queries = queries;
        this.peers = peers;
    }

    /**
     * @param store     a store keyed by the key, which says which partition owns it
     * @param localPath the owner's path for the same question, answered from its own store
     * @param here      the answer when this instance is the owner
     * @throws InvalidStateStoreException while partitions are being assigned: the answer exists, not yet here
     */
    public ResponseEntity<?> answer(String store, String key, String localPath, Supplier<ResponseEntity<?>> here) {
        HostInfo owner = owner(store, key);
        if (owner == null) {
            return here.get();
        }
        Peers.Answer answer = peers.forward(owner, localPath);
        return ResponseEntity.status(answer.status())
                .contentType(
                        answer.status() / 100 == 2 ? MediaType.APPLICATION_JSON : MediaType.APPLICATION_PROBLEM_JSON)
                .body(answer.body());
    }

    /** The same, as a value: empty when the owner has nothing for the key (a 404 from there). */
    public <T> Optional<T> find(String store, String key, String localPath, Class<T> type, Supplier<Optional<T>> here) {
        HostInfo owner = owner(store, key);
        if (owner == null) {
            return here.get();
        }
        return peers.get(owner, localPath, type);
    }

    /** The owner's host; null when it is this instance. */
    private HostInfo owner(String store, String key) {
        HostInfo owner = queries.getKafkaStreamsApplicationHostInfo(store, key, new StringSerializer());
        if (owner == null || owner.port() < 0) {
            // Kafka Streams reports "unavailable:-1" while partitions are being assigned.
            throw new InvalidStateStoreException("no owner for " + key + " yet");
        }
        return owner.equals(queries.getCurrentKafkaStreamsApplicationHostInfo()) ? null : owner;
    }
}
