package dev.payhook.ingress.settlement;

import static dev.payhook.web.Problems.problem;

import java.time.Duration;
import java.util.Collection;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** The settlement upload's own refusals (see {@link dev.payhook.ingress.Problems} for the shared ones). */
final class SettlementProblems {

    private SettlementProblems() {}

    /** Too many uploads at once, or too many bytes spooled: try again shortly. */
    static ResponseEntity<ProblemDetail> tooManyUploads(String detail, Duration retryAfter) {
        return dev.payhook.web.Problems.retryAfter(
                problem(
                        HttpStatus.TOO_MANY_REQUESTS,
                        "too-many-uploads",
                        "Too many settlement uploads in progress",
                        detail),
                retryAfter);
    }

    /** The file cannot be read to its end: refused whole, nothing published. */
    static ResponseEntity<ProblemDetail> malformedReport(long line, String detail) {
        ResponseEntity<ProblemDetail> response = problem(
                HttpStatus.BAD_REQUEST,
                "malformed-file",
                "Settlement report is malformed",
                "Line " + line + ": " + detail + " Nothing was accepted.");
        response.getBody().setProperty("line", line);
        return response;
    }

    static ResponseEntity<ProblemDetail> unknownSettlementFormat(String format, Collection<String> known) {
        return problem(
                HttpStatus.NOT_FOUND,
                "unknown-settlement-format",
                "Unknown settlement report format",
                "No settlement report format named '" + format + "'; known formats: " + known + ".");
    }

    static ResponseEntity<ProblemDetail> reportTooLarge(long limitBytes) {
        return problem(
                HttpStatus.CONTENT_TOO_LARGE,
                "payload-too-large",
                "Settlement report too large",
                "Settlement reports are limited to " + limitBytes + " bytes; split the report.");
    }

    /** The report as a whole cannot be used (no usable line, a header without the needed columns). */
    static ResponseEntity<ProblemDetail> unusableReport(String type, String detail, Object rejected) {
        ResponseEntity<ProblemDetail> response =
                problem(HttpStatus.BAD_REQUEST, type, "Settlement report not usable", detail);
        if (rejected != null) {
            response.getBody().setProperty("rejected", rejected);
        }
        return response;
    }
}
