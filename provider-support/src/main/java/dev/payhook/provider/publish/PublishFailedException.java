package dev.payhook.provider.publish;

/**
 * The broker refused a write for good (authorization, configuration, a record it will never
 * take): a retry would fail the same way, so it must never be answered with a retryable 503.
 */
public class PublishFailedException extends Exception {

    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
