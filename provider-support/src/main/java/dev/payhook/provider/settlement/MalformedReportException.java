package dev.payhook.provider.settlement;

/**
 * The report cannot be read to its end (invalid UTF-8, broken quoting, a record the CSV grammar
 * rejects, a record too long to be a settlement line): refused whole, before any line is published.
 */
public final class MalformedReportException extends Exception {

    private final long line;

    MalformedReportException(long line, String reason) {
        super(reason);
        this.line = line;
    }

    public long line() {
        return line;
    }
}
