package dev.payhook.streams;

import org.apache.kafka.streams.state.HostInfo;

/**
 * Another instance of this application did not answer in time, or answered that it is not ready: the
 * answer exists, not reachable right now. Answered 503 naming the peer, never a hang.
 */
public final class PeerUnavailableException extends RuntimeException {

    private final String peer;

    public PeerUnavailableException(HostInfo peer, String why, Throwable cause) {
        super("instance " + peer.host() + ":" + peer.port() + " " + why, cause);
        this.peer = peer.host() + ":" + peer.port();
    }

    /** {@code host:port} of the instance that did not answer. */
    public String peer() {
        return peer;
    }
}
