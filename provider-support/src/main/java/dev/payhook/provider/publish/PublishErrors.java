package dev.payhook.provider.publish;

import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.RetriableException;

/** Which producer failures are the broker being unavailable for now, and which are permanent. */
final class PublishErrors {

    private PublishErrors() {}

    /**
     * Kafka marks the errors a retry can cure as {@link RetriableException} (timeouts, leader
     * changes, not enough replicas); spring-kafka wraps them, so the cause chain is searched.
     */
    static boolean isTransient(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof RetriableException || cause instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    static Exception classify(String what, Throwable error) {
        Throwable cause = error instanceof ExecutionException && error.getCause() != null ? error.getCause() : error;
        String message = what + ": " + rootMessage(cause);
        return isTransient(cause)
                ? new BrokerUnavailableException(message, cause)
                : new PublishFailedException(message, cause);
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
