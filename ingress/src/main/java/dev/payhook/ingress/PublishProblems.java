package dev.payhook.ingress;

import static dev.payhook.web.Problems.problem;
import static dev.payhook.web.Problems.retryAfter;

import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * The ingress's answers to a failed publish, shared by webhooks and uploads. The endpoints' own
 * answers are in {@code webhook.WebhookProblems} and {@code settlement.SettlementProblems}; all of
 * them are built by {@link dev.payhook.web.Problems}.
 */
public final class PublishProblems {

    private PublishProblems() {}

    /** The provider retries on 503; Retry-After tells it when the broker is worth trying again. */
    public static ResponseEntity<ProblemDetail> brokerUnavailable(Duration retryAfter) {
        return retryAfter(
                problem(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "broker-unavailable",
                        "Event store unavailable",
                        "The webhook was not stored; retry later. Nothing was accepted."),
                retryAfter);
    }

    /**
     * The broker refused the write for good (a misconfiguration, an authorization error): not the
     * sender's fault, and no Retry-After, because retrying cannot help until an operator acts.
     */
    public static ResponseEntity<ProblemDetail> publishFailed() {
        return problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "publish-failed",
                "Event store refused the write",
                "The broker refused the write for a reason a retry cannot fix; nothing was accepted. Operators are "
                        + "alerted.");
    }
}
