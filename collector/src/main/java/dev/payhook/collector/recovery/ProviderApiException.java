package dev.payhook.collector.recovery;

import java.time.Duration;

/**
 * A provider API call that failed.
 *
 * @see #retryable
 */
final class ProviderApiException extends Exception {

    /** Worth another attempt: the provider was down, slow or rate-limiting; not a refused key. */
    final boolean retryable;
    /** What the provider asked to wait (Retry-After), if it said. */
    final Duration retryAfter;

    ProviderApiException(String message, boolean retryable, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    static boolean retryableStatus(int status) {
        return status == 429 || status >= 500;
    }
}
