package dev.payhook.provider.publish;

/** The broker did not acknowledge within the deadline: nothing may be answered 2xx. */
public class BrokerUnavailableException extends Exception {

    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
