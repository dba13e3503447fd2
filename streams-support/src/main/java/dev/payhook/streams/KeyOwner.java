package dev.payhook.streams;

import java.net.URI;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.streams.KafkaStreamsInteractiveQueryService;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.RestClient;

/**
 * Answers a question about one key from the instance that owns the key's partition: here, or
 * forwarded to the owner's {@code …/local} endpoint ({@code application.server} says where each
 * instance answers), its answer passed back as it is.
 */
public final class KeyOwner {

    private final KafkaStreamsInteractiveQueryService queries;
    private final RestClient http = RestClient.create();

    public KeyOwner(KafkaStreamsInteractiveQueryService queries) {
        this.queries = queries;
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
        URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + localPath);
        try {
            return ResponseEntity.ok()
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(http.get().uri(uri).retrieve().body(String.class));
        } catch (HttpStatusCodeException e) {
            return ResponseEntity.status(e.getStatusCode())
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(e.getResponseBodyAsString());
        }
    }

    /** The same, as a value: empty when the owner has nothing for the key (a 404 from there). */
    public <T> Optional<T> find(String store, String key, String localPath, Class<T> type, Supplier<Optional<T>> here) {
        HostInfo owner = owner(store, key);
        if (owner == null) {
            return here.get();
        }
        return Optional.ofNullable(http.get()
                .uri(URI.create("http://" + owner.host() + ":" + owner.port() + localPath))
                .exchange((request, response) -> response.getStatusCode().value() == 404
                        ? null
                        : response.getStatusCode().is2xxSuccessful()
                                ? response.bodyTo(type)
                                : fail(response.getStatusCode().value())));
    }

    private static <T> T fail(int status) {
        throw new InvalidStateStoreException("the owner answered " + status);
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
