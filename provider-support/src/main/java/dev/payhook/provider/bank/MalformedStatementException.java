package dev.payhook.provider.bank;

/** The file is not a statement of its format, or does not add up: refused whole, nothing published. */
public final class MalformedStatementException extends Exception {

    public MalformedStatementException(String message) {
        super(message);
    }

    public MalformedStatementException(String message, Throwable cause) {
        super(message, cause);
    }
}
