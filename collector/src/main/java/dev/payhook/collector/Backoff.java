package dev.payhook.collector;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter: each wait is half its step fixed and half random; steps double up to the cap. */
public final class Backoff {

    private Backoff() {}

    /** The wait after failed attempt {@code attempt} (1 for the first). */
    public static Duration after(int attempt, Duration first, Duration max) {
        long step = Math.min(max.toMillis(), first.toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1));
    }
}
