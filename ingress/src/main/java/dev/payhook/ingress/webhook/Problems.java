package dev.payhook.ingress.webhook;

import java.net.URI;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** The ingress's RFC 9457 answers, one per row of docs/DESIGN.md's table that is not a 2xx. */
public final class Problems {

    private Problems() {
    }

    public static ResponseEntity<ProblemDetail> unknownSource(String source) {
        return problem(HttpStatus.NOT_FOUND, "unknown-source", "Unknown webhook source",
                "No webhook source named '" + source + "' is configured.");
    }

    public static ResponseEntity<ProblemDetail> payloadTooLarge(long limitBytes) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Webhook body too large",
                "Webhook bodies are limited to " + limitBytes + " bytes.");
    }

    public static ResponseEntity<ProblemDetail> unreadableBody(String detail) {
        return problem(HttpStatus.BAD_REQUEST, "unreadable-body", "Webhook body could not be read", detail);
    }

    public static ResponseEntity<ProblemDetail> signatureRejected(Verification.Rejected rejection) {
        ResponseEntity<ProblemDetail> response = problem(HttpStatus.UNAUTHORIZED, "invalid-signature",
                "Webhook signature rejected", rejection.detail());
        response.getBody().setProperty("reason", rejection.reason().tag());
        return response;
    }

    /** The provider retries on 503; Retry-After tells it when the broker is worth trying again. */
    public static ResponseEntity<ProblemDetail> brokerUnavailable(Duration retryAfter) {
        ProblemDetail body = detail(HttpStatus.SERVICE_UNAVAILABLE, "broker-unavailable", "Event store unavailable",
                "The webhook was not stored; retry later. Nothing was accepted.");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(body);
    }

    /**
     * The broker refused the write for good (a misconfiguration, an authorization error): not the
     * sender's fault, and no Retry-After, because retrying cannot help until an operator acts.
     */
    public static ResponseEntity<ProblemDetail> publishFailed() {
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "publish-failed", "Event store refused the write",
                "The broker refused the write for a reason a retry cannot fix; nothing was accepted. Operators are alerted.");
    }

    /** Too many uploads at once, or too many bytes spooled: try again shortly. */
    public static ResponseEntity<ProblemDetail> tooManyUploads(String detail, Duration retryAfter) {
        ResponseEntity<ProblemDetail> response = problem(HttpStatus.TOO_MANY_REQUESTS, "too-many-uploads",
                "Too many settlement uploads in progress", detail);
        return ResponseEntity.status(response.getStatusCode()).headers(response.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())))
                .body(response.getBody());
    }

    /** The file cannot be read to its end: refused whole, nothing published. */
    public static ResponseEntity<ProblemDetail> malformedReport(long line, String detail) {
        ResponseEntity<ProblemDetail> response = problem(HttpStatus.BAD_REQUEST, "malformed-file",
                "Settlement report is malformed", "Line " + line + ": " + detail + " Nothing was accepted.");
        response.getBody().setProperty("line", line);
        return response;
    }

    public static ResponseEntity<ProblemDetail> unknownSettlementFormat(String format, java.util.Collection<String> known) {
        return problem(HttpStatus.NOT_FOUND, "unknown-settlement-format", "Unknown settlement report format",
                "No settlement report format named '" + format + "'; known formats: " + known + ".");
    }

    public static ResponseEntity<ProblemDetail> reportTooLarge(long limitBytes) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Settlement report too large",
                "Settlement reports are limited to " + limitBytes + " bytes; split the report.");
    }

    /** The report as a whole cannot be used (no usable line, a header without the needed columns). */
    public static ResponseEntity<ProblemDetail> unusableReport(String type, String detail, Object rejected) {
        ResponseEntity<ProblemDetail> response = problem(HttpStatus.BAD_REQUEST, type,
                "Settlement report not usable", detail);
        if (rejected != null) {
            response.getBody().setProperty("rejected", rejected);
        }
        return response;
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String title, String detail) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(detail(status, type, title, detail));
    }

    private static ProblemDetail detail(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:payhook:problem:" + type));
        problem.setTitle(title);
        return problem;
    }
}
