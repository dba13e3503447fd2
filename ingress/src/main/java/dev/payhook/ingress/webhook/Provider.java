package dev.payhook.ingress.webhook;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A provider scheme: how its requests are verified, how they map to canonical events, and what
 * it expects back on success.
 */
public record Provider(String name, SignatureVerifier verifier, EventMapper mapper, ResponseEntity<?> acknowledgement) {

    /** Most providers only look at the status code; a short JSON body helps people reading logs. */
    public static Provider of(String name, SignatureVerifier verifier, EventMapper mapper) {
        return new Provider(name, verifier, mapper,
                ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body("{\"status\":\"accepted\"}"));
    }
}
