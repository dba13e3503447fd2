package dev.payhook.provider.standardwebhooks;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.payhook.provider.Hmac;
import dev.payhook.provider.SignatureVerifier;
import dev.payhook.provider.TimestampTolerance;
import dev.payhook.provider.Verification;
import dev.payhook.provider.Verification.Reason;
import dev.payhook.provider.WebhookRequest;
import dev.payhook.provider.WebhookSource;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Standard Webhooks (standardwebhooks.com spec): {@code webhook-signature} carries space-separated
 * {@code v1,<base64>} HMAC-SHA256 signatures, keyed with the base64-decoded secret after its
 * {@code whsec_} prefix, and {@code v1a,<base64>} Ed25519 signatures (the spec's asymmetric scheme),
 * checked with public keys {@code whpk_<base64 of the raw 32-byte key>}; both over
 * {@code id + "." + timestamp + "." + body}. A source may hold secrets and keys at once, so a
 * sender can move from one scheme to the other. Svix, the scheme's origin, sends the same headers
 * as {@code svix-*}.
 */
public final class StandardWebhooksVerifier implements SignatureVerifier {

    static final String ID = "webhook-id";
    static final String TIMESTAMP = "webhook-timestamp";
    static final String SIGNATURE = "webhook-signature";

    static final String SECRET_PREFIX = "whsec_";
    static final String PUBLIC_KEY_PREFIX = "whpk_";

    /** The DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410): the raw key follows it. */
    private static final byte[] ED25519_SPKI_PREFIX = {
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
    };

    /** Compiled once: {@code String.split} compiles a pattern of more than one character on every call. */
    private static final Pattern SPACES = Pattern.compile(" +");

    @Override
    public Verification verify(WebhookRequest request, WebhookSource source) {
        String id = header(request, ID);
        String timestamp = header(request, TIMESTAMP);
        String signatureHeader = header(request, SIGNATURE);
        if (id == null || timestamp == null || signatureHeader == null) {
            return Verification.rejected(
                    Reason.MISSING_SIGNATURE,
                    "webhook-id, webhook-timestamp and webhook-signature (or svix-*) headers are required");
        }
        if (!TimestampTolerance.isUnixSeconds(timestamp)) {
            return Verification.rejected(Reason.MALFORMED_SIGNATURE, "webhook-timestamp is not unix seconds");
        }
        List<String> parts = Arrays.asList(SPACES.split(signatureHeader.trim()));
        List<byte[]> hmacs = signatures(parts, "v1,");
        List<byte[]> ed25519 = signatures(parts, "v1a,");
        if (hmacs.isEmpty() && ed25519.isEmpty()) {
            return Verification.rejected(Reason.MALFORMED_SIGNATURE, "webhook-signature has no v1 or v1a signature");
        }
        byte[] signedPrefix = (id + "." + timestamp + ".").getBytes(UTF_8);
        for (String secret : source.secretsAt(request.receivedAt())) {
            boolean matched = secret.startsWith(PUBLIC_KEY_PREFIX)
                    ? ed25519.stream()
                            .anyMatch(s -> verifiesEd25519(publicKey(secret), s, signedPrefix, request.body()))
                    : hmacMatches(key(secret), hmacs, signedPrefix, request.body());
            if (matched) {
                return TimestampTolerance.within(Long.parseLong(timestamp), request.receivedAt(), source.tolerance())
                        ? Verification.VERIFIED
                        : Verification.rejected(
                                Reason.TIMESTAMP_OUT_OF_TOLERANCE,
                                "webhook-timestamp is more than " + source.tolerance() + " from now");
            }
        }
        return Verification.rejected(Reason.SIGNATURE_MISMATCH, "no v1 or v1a signature matches the payload");
    }

    private static List<byte[]> signatures(List<String> parts, String version) {
        return parts.stream()
                .filter(s -> s.startsWith(version))
                .map(s -> Hmac.fromBase64(s.substring(version.length())))
                .filter(s -> s != null)
                .toList();
    }

    private static boolean hmacMatches(byte[] key, List<byte[]> signatures, byte[] signedPrefix, byte[] body) {
        if (signatures.isEmpty()) {
            return false;
        }
        byte[] expected = Hmac.sha256(key, signedPrefix, body);
        return signatures.stream().anyMatch(s -> Hmac.matches(expected, s));
    }

    /** The JDK's own Ed25519 (JEP 339); a malformed signature simply does not verify. */
    static boolean verifiesEd25519(PublicKey key, byte[] signature, byte[] signedPrefix, byte[] body) {
        if (signature.length != 64) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(signedPrefix);
            verifier.update(body);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public void checkSecret(String secret) {
        if (secret.startsWith(PUBLIC_KEY_PREFIX)) {
            publicKey(secret);
        } else {
            key(secret);
        }
    }

    /** The signing key is the base64 part of {@code whsec_<base64>}. */
    static byte[] key(String secret) {
        String base64 = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        byte[] key = Hmac.fromBase64(base64);
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("a standard-webhooks secret must be whsec_<base64>");
        }
        return key;
    }

    /** {@code whpk_<base64>} of a raw 32-byte Ed25519 public key. */
    static PublicKey publicKey(String entry) {
        byte[] raw = Hmac.fromBase64(entry.substring(PUBLIC_KEY_PREFIX.length()));
        if (raw == null || raw.length != 32) {
            throw new IllegalArgumentException("a standard-webhooks public key must be whpk_<base64 of 32 bytes>");
        }
        byte[] spki = Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + raw.length);
        System.arraycopy(raw, 0, spki, ED25519_SPKI_PREFIX.length, raw.length);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("a standard-webhooks public key must be a valid Ed25519 key");
        }
    }

    static String header(WebhookRequest request, String name) {
        String value = request.header(name);
        if (value == null) {
            value = request.header("svix-" + name.substring("webhook-".length()));
        }
        return value == null || value.isBlank() ? null : value.trim();
    }
}
