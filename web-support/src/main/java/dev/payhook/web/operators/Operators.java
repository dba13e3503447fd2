package dev.payhook.web.operators;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The people and tools allowed to act on payhook's findings and evidence, configured as
 * {@code payhook.operators.<name>=<token>} (tokens come from a Secret in production). Several may be
 * configured at once, which is also how a token is rotated: add the new one under a new name,
 * then remove the old one.
 */
@ConfigurationProperties("payhook")
public final class Operators {

    /** Shorter tokens can be guessed; a typo that leaves a token nearly empty must fail the deployment. */
    static final int MIN_TOKEN_LENGTH = 16;

    private final Map<String, byte[]> digestsByName = new TreeMap<>();

    public Operators(@DefaultValue Map<String, String> operators) {
        operators.forEach((name, token) -> {
            // Messages name the operator, never the token.
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException(
                        "payhook.operators." + name + " is blank: every operator needs a token");
            }
            if (token.strip().length() < MIN_TOKEN_LENGTH) {
                throw new IllegalArgumentException(
                        "payhook.operators." + name + " is shorter than " + MIN_TOKEN_LENGTH + " characters");
            }
            byte[] digest = digest(token.strip());
            if (digestsByName.values().stream().anyMatch(d -> MessageDigest.isEqual(d, digest))) {
                throw new IllegalArgumentException("payhook.operators." + name
                        + " has the same token as another operator: a token must say who acted");
            }
            digestsByName.put(name, digest);
        });
    }

    /**
     * The name of the operator whose token this is, or empty. Every configured token is compared,
     * each in constant time (digests of equal length), so the answer's timing says nothing about
     * which token, or how much of one, was right.
     */
    public Optional<String> identify(String presentedToken) {
        if (presentedToken == null) {
            return Optional.empty();
        }
        byte[] presented = digest(presentedToken.strip());
        String match = null;
        for (Map.Entry<String, byte[]> operator : digestsByName.entrySet()) {
            if (MessageDigest.isEqual(operator.getValue(), presented)) {
                match = operator.getKey();
            }
        }
        return Optional.ofNullable(match);
    }

    public boolean isEmpty() {
        return digestsByName.isEmpty();
    }

    public java.util.Set<String> names() {
        return java.util.Collections.unmodifiableSet(digestsByName.keySet());
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "Operators" + names() + " (tokens masked)";
    }
}
