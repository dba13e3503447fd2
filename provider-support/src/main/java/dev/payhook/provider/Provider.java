package dev.payhook.provider;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A provider scheme: how its requests are verified, how they map to canonical events, and what
 * it expects back on success.
 */
public record Provider(String name, SignatureVerifier verifier, EventMapper mapper, ResponseEntity<?> acknowledgement) {

    /** Most providers only look at the status code; a short JSON body helps people reading logs. */
    public static Provider of(String name, SignatureVerifier verifier, EventMapper mapper) {
        return new Provider(
                name,
                verifier,
                mapper,
                ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body("{\"status\":\"accepted\"}"));
    }

    /**
     * A verified request must never be lost: a mapping bug or an unexpected payload becomes a
     * quarantine reason, and so does a request that maps to nothing at all.
     */
    public Mapping map(WebhookRequest request) {
        try {
            Mapping mapping = mapper.map(request);
            return mapping.isEmpty() ? Mapping.unmappable("request carries no payment event") : mapping;
        } catch (RuntimeException e) {
            return Mapping.unmappable("mapping failed: " + e.getMessage());
        }
    }
}
