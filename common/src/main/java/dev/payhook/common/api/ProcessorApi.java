package dev.payhook.common.api;

import dev.payhook.common.PaymentStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The processor's HTTP queries that other services read: the paths its controllers serve, and how
 * a caller builds them. Both sides compile against these, so renaming a path or a parameter breaks
 * the build, not a running peer.
 *
 * <ul>
 *   <li>{@link #PAYMENT}: a {@link dev.payhook.common.PaymentState}, 404 when unknown;
 *   <li>{@link #PAYMENT_TIMELINE}: the payment's timeline entries, in the order taken;
 *   <li>{@link #WAITING_PAYMENTS}: a list of {@link dev.payhook.common.PaymentState} still PENDING or
 *       AUTHORIZED whose last event is older than {@code before}, oldest first.
 * </ul>
 */
public final class ProcessorApi {

    public static final String PAYMENT = "/payments/{paymentId}";
    public static final String PAYMENT_TIMELINE = "/payments/{paymentId}/timeline";
    public static final String WAITING_PAYMENTS = "/payments";

    private ProcessorApi() {}

    /** {@link #WAITING_PAYMENTS} with its query: payments in {@code status} since before {@code before}. */
    public static String waitingPayments(PaymentStatus status, Instant before, int limit) {
        return WAITING_PAYMENTS + "?status=" + status + "&before=" + encode(before.toString()) + "&limit=" + limit;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
