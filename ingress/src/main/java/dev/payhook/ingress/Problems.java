package dev.payhook.ingress;

import java.net.URI;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * How the ingress answers anything but a 2xx: RFC 9457 problem details with a
 * {@code urn:payhook:problem:<type>}, one per row of docs/DESIGN.md's table. The answers of a failed
 * publish are here, shared by webhooks and uploads; the endpoints' own are in
 * {@code webhook.WebhookProblems} and {@code settlement.SettlementProblems}.
 */
public final class Problems {

    private Problems() {}

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

    public static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:payhook:problem:" + type));
        problem.setTitle(title);
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /** The same answer, telling the client when to try again. */
    public static ResponseEntity<ProblemDetail> retryAfter(ResponseEntity<ProblemDetail> answer, Duration retryAfter) {
        return ResponseEntity.status(answer.getStatusCode())
                .headers(answer.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())))
                .body(answer.getBody());
    }
}
