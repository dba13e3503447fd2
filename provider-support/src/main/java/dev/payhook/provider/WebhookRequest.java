package dev.payhook.provider;

import java.time.Instant;
import org.springframework.http.HttpHeaders;

/**
 * A webhook exactly as it arrived. Verification works on {@link #body()}, the raw bytes: a
 * re-serialized body would not carry the provider's signature.
 */
public record WebhookRequest(String source, String provider, HttpHeaders headers, byte[] body, Instant receivedAt) {

    /** The first value of a header (names are case-insensitive), or null. */
    public String header(String name) {
        return headers.getFirst(name);
    }
}
