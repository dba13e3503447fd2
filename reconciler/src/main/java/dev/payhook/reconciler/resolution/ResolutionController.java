package dev.payhook.reconciler.resolution;

import dev.payhook.common.DiscrepancyResolution;
import dev.payhook.common.ResolutionAction;
import dev.payhook.streams.PeerUnavailableException;
import dev.payhook.streams.QueryFailures;
import dev.payhook.web.Problems;
import dev.payhook.web.operators.Operator;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /reconciliation/discrepancies/{id}/resolve}: only an operator's token reaches it
 * ({@code OperatorAccessConfig}), and the resolution records that operator's name. Answered 202
 * once the broker has the resolution.
 */
@RestController
class ResolutionController {

    /**
     * The body of a manual resolution. Who resolved it comes from the token, never from here.
     *
     * @param action what the resolution does; absent: {@code EXPLAINED} (no money moves)
     */
    record ResolutionRequest(String note, ResolutionAction action) {}

    private final DiscrepancyResolver resolver;

    private final QueryFailures failures;

    ResolutionController(DiscrepancyResolver resolver, QueryFailures failures) {
        this.resolver = resolver;
        this.failures = failures;
    }

    @PostMapping("/reconciliation/discrepancies/{discrepancyId}/resolve")
    ResponseEntity<DiscrepancyResolution> resolve(
            @PathVariable String discrepancyId,
            @RequestBody(required = false) ResolutionRequest request,
            @RequestAttribute(Operator.ATTRIBUTE) Operator operator)
            throws InterruptedException {
        DiscrepancyResolution resolution = resolver.resolve(
                discrepancyId,
                request == null ? null : request.note(),
                request == null ? null : request.action(),
                operator);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(resolution);
    }

    @ExceptionHandler(DiscrepancyResolver.Refused.class)
    ResponseEntity<ProblemDetail> refused(DiscrepancyResolver.Refused refused) {
        return Problems.problem(refused.status, refused.type, refused.title, refused.getMessage());
    }

    /** Rebalancing or restoring: whether the discrepancy is open cannot be told yet. A bug is a 500. */
    @ExceptionHandler({InvalidStateStoreException.class, IllegalStateException.class, PeerUnavailableException.class})
    ResponseEntity<ProblemDetail> unavailable(RuntimeException failure) {
        return failures.answer(failure, "Reconciliation state");
    }
}
