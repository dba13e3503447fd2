package dev.payhook.web;

import java.net.URI;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * How every payhook service answers anything but a 2xx: an RFC 9457 problem whose type is
 * {@code urn:payhook:problem:<name>}, one name per row of docs/DESIGN.md's table of answers.
 */
public final class Problems {

    private static final String TYPE_PREFIX = "urn:payhook:problem:";

    private Problems() {}

    /** The problem type of {@code name}: stable, so clients can branch on it. */
    public static URI type(String name) {
        return URI.create(TYPE_PREFIX + name);
    }

    public static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(type));
        problem.setTitle(title);
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /** The same answer, telling the client when to try again (whole seconds, at least one). */
    public static ResponseEntity<ProblemDetail> retryAfter(ResponseEntity<ProblemDetail> answer, Duration retryAfter) {
        return ResponseEntity.status(answer.getStatusCode())
                .headers(answer.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())))
                .body(answer.getBody());
    }

    /**
     * A Kafka Streams store being rebalanced or restored: the answer exists, just not here yet. The
     * processor's and the reconciler's queries both answer this way.
     */
    public static ResponseEntity<ProblemDetail> stateUnavailable(String what) {
        return stateUnavailable(what, "Retry shortly.");
    }

    /** The same, saying why (a peer instance that did not answer names it). */
    public static ResponseEntity<ProblemDetail> stateUnavailable(String what, String detail) {
        return retryAfter(
                problem(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "state-unavailable",
                        what + " is not available here yet",
                        detail),
                Duration.ofSeconds(1));
    }

    /**
     * A bug: never retryable, never blamed on Kafka. The error id is in the log with the stack trace,
     * so whoever reports the answer can be helped.
     */
    public static ResponseEntity<ProblemDetail> internalError(String errorId) {
        ResponseEntity<ProblemDetail> response = problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error",
                "Internal error",
                "payhook failed to answer; the error is logged as " + errorId + ".");
        response.getBody().setProperty("errorId", errorId);
        return response;
    }
}
