package dev.payhook.provider;

import java.time.Duration;
import java.time.Instant;

/**
 * The replay window of timestamped schemes. Applied in both directions: a timestamp far in the
 * future is as suspicious as a stale one, and clock skew goes both ways.
 */
public final class TimestampTolerance {

    private TimestampTolerance() {}

    public static boolean within(long signedEpochSeconds, Instant now, Duration tolerance) {
        long skew = Math.abs(now.getEpochSecond() - signedEpochSeconds);
        return skew <= tolerance.toSeconds();
    }
}
