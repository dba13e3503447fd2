package dev.payhook.collector.reports;

/**
 * A report could not be fetched or published. A retryable failure (a connection, a 5xx or 429, a
 * download cut off, the broker) is tried again, later in the run or by the next one; a permanent one
 * (credentials refused, a host off the allow-list, a file too large) would fail the same way again.
 */
public final class ReportFetchException extends Exception {

    private final boolean retryable;

    public ReportFetchException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
