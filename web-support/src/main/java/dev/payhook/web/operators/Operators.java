package dev.payhook.web.operators;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The people and tools allowed to read and act on payhook's findings and evidence. Each is configured
 * as {@code payhook.operators.<name>=<token>} (every merchant account), or limited to some accounts as
 * {@code payhook.operators.<name>.token=<token>} and {@code payhook.operators.<name>.accounts=[…]}. Tokens
 * come from a Secret in production. Several may be configured at once, which is also how a token is
 * rotated: add the new one under a new name, then remove the old one.
 */
@ConfigurationProperties("payhook")
public final class Operators {

    /** Shorter tokens can be guessed; a typo that leaves a token nearly empty must fail the deployment. */
    static final int MIN_TOKEN_LENGTH = 16;

    private final Map<String, byte[]> digestsByName = new TreeMap<>();
    private final Map<String, Operator> byName = new TreeMap<>();

    /**
     * @param operators as Spring binds a map of text: {@code name → token} for an operator of every account;
     *                  {@code name.token}, {@code name.accounts} (comma-separated) or {@code name.accounts[i]}
     *                  for one limited to accounts
     */
    public Operators(@DefaultValue Map<String, String> operators) {
        Map<String, String> tokens = new TreeMap<>();
        Map<String, java.util.SortedSet<String>> accounts = new TreeMap<>();
        operators.forEach((key, value) -> {
            int dot = key.indexOf('.');
            String name = dot < 0 ? key : key.substring(0, dot);
            String setting = dot < 0 ? "token" : key.substring(dot + 1).replaceFirst("(\\[\\d+]|\\.\\d+)$", "");
            if (setting.equals("token")) {
                if (tokens.put(name, value) != null) {
                    throw new IllegalArgumentException(
                            "payhook.operators." + name + " has a token twice: give it as the value or as .token");
                }
            } else if (setting.equals("accounts")) {
                java.util.SortedSet<String> of = accounts.computeIfAbsent(name, n -> new java.util.TreeSet<>());
                for (String account : (value == null ? "" : value).split(",")) {
                    if (!account.isBlank()) {
                        of.add(account.strip());
                    }
                }
            } else {
                throw new IllegalArgumentException("payhook.operators." + name + "." + setting
                        + " is not an operator setting: an operator has a token and, optionally, accounts");
            }
        });
        accounts.forEach((name, of) -> {
            if (!tokens.containsKey(name)) {
                throw new IllegalArgumentException("payhook.operators." + name
                        + " has accounts but no token (payhook.operators." + name + ".token)");
            }
            if (of.isEmpty()) {
                // Never read an empty list as "every account": leave accounts out for that.
                throw new IllegalArgumentException("payhook.operators." + name
                        + ".accounts is empty: name the accounts, or leave it out for every account");
            }
        });
        tokens.forEach((name, token) -> {
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
            byName.put(name, new Operator(name, accounts.get(name)));
        });
    }

    /**
     * The operator whose token this is, or empty. Every configured token is compared, each in constant
     * time (digests of equal length), so the answer's timing says nothing about which token, or how much
     * of one, was right.
     */
    public Optional<Operator> identify(String presentedToken) {
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
        return Optional.ofNullable(match).map(byName::get);
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
        return "Operators" + byName.values() + " (tokens masked)";
    }
}
