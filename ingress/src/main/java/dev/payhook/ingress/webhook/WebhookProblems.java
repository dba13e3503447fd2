package dev.payhook.ingress.webhook;

import static dev.payhook.web.Problems.problem;

import dev.payhook.provider.Verification;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** The webhook endpoint's own refusals (see {@link dev.payhook.ingress.Problems} for the shared ones). */
final class WebhookProblems {

    private WebhookProblems() {}

    static ResponseEntity<ProblemDetail> unknownSource(String source) {
        return problem(
                HttpStatus.NOT_FOUND,
                "unknown-source",
                "Unknown webhook source",
                "No webhook source named '" + source + "' is configured.");
    }

    static ResponseEntity<ProblemDetail> payloadTooLarge(long limitBytes) {
        return problem(
                HttpStatus.CONTENT_TOO_LARGE,
                "payload-too-large",
                "Webhook body too large",
                "Webhook bodies are limited to " + limitBytes + " bytes.");
    }

    static ResponseEntity<ProblemDetail> unreadableBody(String detail) {
        return problem(HttpStatus.BAD_REQUEST, "unreadable-body", "Webhook body could not be read", detail);
    }

    static ResponseEntity<ProblemDetail> signatureRejected(Verification.Rejected rejection) {
        ResponseEntity<ProblemDetail> response =
                problem(HttpStatus.UNAUTHORIZED, "invalid-signature", "Webhook signature rejected", rejection.detail());
        response.getBody().setProperty("reason", rejection.reason().tag());
        return response;
    }
}
