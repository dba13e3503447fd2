package dev.payhook.simulator;

import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What the ingress answered, second by second of a load (by the second each request was due): 2xx,
 * 503, other answers, connection errors, requests not sent (over max-in-flight), and the latency.
 * A fault drill prints the seconds around its faults: how long the ingress refused or stalled, and
 * when it answered 2xx again.
 */
final class Timeline {

    private final int seconds;
    private final AtomicLongArray accepted;
    private final AtomicLongArray unavailable;
    private final AtomicLongArray otherAnswers;
    private final AtomicLongArray errors;
    private final AtomicLongArray notSent;
    private final Histogram[] latency;
    /** 2xx → state visible on payhook.payments, by the second the 2xx was answered (from the audit). */
    private final Histogram[] toState;

    Timeline(int seconds) {
        this.seconds = seconds;
        accepted = new AtomicLongArray(seconds);
        unavailable = new AtomicLongArray(seconds);
        otherAnswers = new AtomicLongArray(seconds);
        errors = new AtomicLongArray(seconds);
        notSent = new AtomicLongArray(seconds);
        latency = new Histogram[seconds];
        toState = new Histogram[seconds];
        for (int i = 0; i < seconds; i++) {
            latency[i] = new ConcurrentHistogram(3);
            toState[i] = new ConcurrentHistogram(3);
        }
    }

    /** @param second the second the request was due (after the warm-up); outside the timeline it is ignored */
    void answered(double second, int status, long latencyMicros) {
        int s = (int) second;
        if (s < 0 || s >= seconds) {
            return;
        }
        (status / 100 == 2 ? accepted : status == 503 ? unavailable : otherAnswers).incrementAndGet(s);
        latency[s].recordValue(latencyMicros);
    }

    void failed(double second, long latencyMicros) {
        int s = (int) second;
        if (s >= 0 && s < seconds) {
            errors.incrementAndGet(s);
            latency[s].recordValue(latencyMicros);
        }
    }

    /** @param second the second the 2xx was answered (after the warm-up) */
    void visible(double second, long micros) {
        int s = (int) second;
        if (s >= 0 && s < seconds) {
            toState[s].recordValue(micros);
        }
    }

    void notSent(double second) {
        int s = (int) second;
        if (s >= 0 && s < seconds) {
            notSent.incrementAndGet(s);
        }
    }

    /** Answered promptly: what "recovered" means for a second of requests (a backlog drains in seconds). */
    static final double PROMPT_P99_MS = 1_000;

    /**
     * The first second at or after {@code from} whose requests were all answered 2xx, promptly (p99
     * under {@link #PROMPT_P99_MS}): requests queued during an outage and answered late do not count.
     */
    int firstCleanSecondFrom(int from) {
        for (int s = Math.max(0, from); s < seconds; s++) {
            if (accepted.get(s) > 0
                    && unavailable.get(s) + otherAnswers.get(s) + errors.get(s) + notSent.get(s) == 0
                    && latency[s].getValueAtPercentile(99) / 1000.0 < PROMPT_P99_MS) {
                return s;
            }
        }
        return -1;
    }

    /** Requests due at or after {@code from} answered anything but 2xx or not answered at all. */
    long refusedFrom(int from) {
        long refused = 0;
        for (int s = Math.max(0, from); s < seconds; s++) {
            refused += unavailable.get(s) + otherAnswers.get(s) + errors.get(s);
        }
        return refused;
    }

    /** Requests due at or after {@code from} answered 2xx. */
    long acceptedFrom(int from) {
        long sum = 0;
        for (int s = Math.max(0, from); s < seconds; s++) {
            sum += accepted.get(s);
        }
        return sum;
    }

    long total(AtomicLongArray counts) {
        long sum = 0;
        for (int s = 0; s < seconds; s++) {
            sum += counts.get(s);
        }
        return sum;
    }

    long accepted() {
        return total(accepted);
    }

    long unavailable() {
        return total(unavailable);
    }

    long otherAnswers() {
        return total(otherAnswers);
    }

    long errors() {
        return total(errors);
    }

    long notSent() {
        return total(notSent);
    }

    /** The worst p99 latency of any second in [from, to), in ms. */
    double worstP99(int from, int to) {
        double worst = 0;
        for (int s = Math.max(0, from); s < Math.min(to, seconds); s++) {
            worst = Math.max(worst, latency[s].getValueAtPercentile(99) / 1000.0);
        }
        return worst;
    }

    /** The p99 of 2xx → state of the 2xx answered in seconds [from, to), in ms; -1 when there were none. */
    double toStateP99(int from, int to) {
        Histogram state = toState(from, to);
        return state.getTotalCount() == 0 ? -1 : state.getValueAtPercentile(99) / 1000.0;
    }

    /** 2xx → state of the 2xx answered in seconds [from, to), in µs. */
    private Histogram toState(int from, int to) {
        Histogram state = new Histogram(3);
        for (int s = Math.max(0, from); s < Math.min(to, seconds); s++) {
            state.add(toState[s]);
        }
        return state;
    }

    void print(int from, int to) {
        System.out.printf("%n second   2xx   503  other  errors  not-sent   p50 ms   p99 ms    max ms%n");
        for (int s = Math.max(0, from); s < Math.min(to, seconds); s++) {
            Histogram h = latency[s];
            System.out.printf(
                    "%7d %5d %5d %6d %7d %9d %8.1f %8.1f %9.1f%n",
                    s,
                    accepted.get(s),
                    unavailable.get(s),
                    otherAnswers.get(s),
                    errors.get(s),
                    notSent.get(s),
                    h.getValueAtPercentile(50) / 1000.0,
                    h.getValueAtPercentile(99) / 1000.0,
                    h.getMaxValue() / 1000.0);
        }
    }

    /**
     * The run in windows of {@code width} seconds (by when each request was due): a cold start shows
     * how long the ingress took to answer promptly, apart from the generator's own first second.
     */
    void printWindows(int width) {
        System.out.printf(
                "%n window s     2xx  non-2xx  not-sent   p50 ms   p99 ms    max ms   2xx → state: p50 ms   p99 ms%n");
        for (int from = 0; from < seconds; from += width) {
            int to = Math.min(from + width, seconds);
            Histogram h = new Histogram(3);
            Histogram state = toState(from, to);
            long ok = 0;
            long other = 0;
            long skipped = 0;
            for (int s = from; s < to; s++) {
                h.add(latency[s]);
                ok += accepted.get(s);
                other += unavailable.get(s) + otherAnswers.get(s) + errors.get(s);
                skipped += notSent.get(s);
            }
            System.out.printf(
                    "%4d-%-4d %7d %8d %9d %8.1f %8.1f %9.1f %20s %8s%n",
                    from,
                    to,
                    ok,
                    other,
                    skipped,
                    h.getValueAtPercentile(50) / 1000.0,
                    h.getValueAtPercentile(99) / 1000.0,
                    h.getMaxValue() / 1000.0,
                    state.getTotalCount() == 0 ? "-" : String.format("%.1f", state.getValueAtPercentile(50) / 1000.0),
                    state.getTotalCount() == 0 ? "-" : String.format("%.1f", state.getValueAtPercentile(99) / 1000.0));
        }
    }
}
