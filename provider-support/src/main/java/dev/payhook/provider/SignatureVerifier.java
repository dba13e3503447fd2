package dev.payhook.provider;

/** Raw bytes in, verified or rejected out. One per provider scheme. */
@FunctionalInterface
public interface SignatureVerifier {

    Verification verify(WebhookRequest request, WebhookSource source);

    /**
     * Rejects a configured secret this scheme could never verify with (Adyen's key is hex, Standard
     * Webhooks' is base64), so a typo fails the deployment rather than every webhook.
     */
    default void checkSecret(String secret) {}
}
