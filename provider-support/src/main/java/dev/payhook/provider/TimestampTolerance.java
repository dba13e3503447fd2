package dev.payhook.provider;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The replay window of timestamped schemes. Applied in both directions: a timestamp far in the
 * future is as suspicious as a stale one, and clock skew goes both ways.
 */
public final class TimestampTolerance {

    private TimestampTolerance() {}

    /** Compiled once: {@code String.matches} compiles its pattern on every call, on every webhook. */
    private static final Pattern UNIX_SECONDS = Pattern.compile("\\d{1,12}");

    /** A signed timestamp as the timestamped schemes send it: unix seconds, at most 12 digits. */
    public static boolean isUnixSeconds(String text) {
        return UNIX_SECONDS.matcher(text).matches();
    }

    public static boolean within(long signedEpochSeconds, Instant now, Duration tolerance) {
        long skew = Math.abs(now.getEpochSecond() - signedEpochSeconds);
        return skew <= tolerance.toSeconds();
    }
}
