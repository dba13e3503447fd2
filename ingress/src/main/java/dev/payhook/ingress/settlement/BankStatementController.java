package dev.payhook.ingress.settlement;

import static dev.payhook.web.Problems.problem;

import dev.payhook.common.BankStatement;
import dev.payhook.common.RejectedLine;
import dev.payhook.ingress.IngressProperties;
import dev.payhook.ingress.PublishProblems;
import dev.payhook.provider.bank.BankStatementFormat;
import dev.payhook.provider.publish.BankStatementIntake;
import dev.payhook.provider.publish.PublishFailedException;
import dev.payhook.provider.publish.SettlementPublisher;
import dev.payhook.web.operators.Operator;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.SortedSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /bank-statements/{format}}: a bank statement file as the body ({@code camt053},
 * {@code mt940}, {@code bai2}), taken in as {@link BankStatementIntake} takes every statement (the
 * collector's too). Answered 202 once the broker has every line and the statement's marker.
 */
@RestController
class BankStatementController {

    private static final Logger log = LoggerFactory.getLogger(BankStatementController.class);

    /** The 202 body. */
    record Receipt(
            String statementId,
            String format,
            SortedSet<String> accounts,
            long lines,
            long rejectedCount,
            List<RejectedLine> rejected) {}

    private final SettlementPublisher publisher;
    private final IngressProperties properties;
    private final UploadCapacity capacity;

    private final BankStatementScopes scopes;

    BankStatementController(
            SettlementPublisher publisher,
            IngressProperties properties,
            UploadCapacity capacity,
            BankStatementScopes scopes) {
        this.publisher = publisher;
        this.properties = properties;
        this.capacity = capacity;
        this.scopes = scopes;
    }

    /** Only an operator reaches this (OperatorAuthenticationFilter): the reconciler trusts a statement. */
    @PostMapping("/bank-statements/{format}")
    ResponseEntity<?> upload(
            @PathVariable String format,
            HttpServletRequest request,
            @RequestAttribute(Operator.ATTRIBUTE) Operator operator)
            throws IOException {
        BankStatementFormat statementFormat = BankStatementFormat.named(format).orElse(null);
        if (statementFormat == null) {
            return problem(
                    HttpStatus.NOT_FOUND,
                    "unknown-statement-format",
                    "Unknown bank statement format",
                    "No bank statement format named '" + dev.payhook.common.Money.abbreviate(format)
                            + "'; known formats: "
                            + Arrays.stream(BankStatementFormat.values())
                                    .map(BankStatementFormat::wireName)
                                    .toList()
                            + ".");
        }
        long limit = properties.bankStatements().maxFileSize().toBytes();
        if (request.getContentLengthLong() > limit) {
            return tooLarge(limit);
        }
        // Statements share the upload slots with settlement reports: each holds at most one file in memory.
        try (UploadCapacity.Slot slot = capacity.tryAcquire()) {
            if (slot == null) {
                return SettlementProblems.tooManyUploads(
                        properties.settlements().maxConcurrentUploads()
                                + " uploads (reports and statements) are being read; upload again shortly.",
                        properties.retryAfter());
            }
            byte[] file;
            try {
                file = BankStatementIntake.read(request.getInputStream(), limit);
            } catch (BankStatementIntake.TooLargeException e) {
                return tooLarge(limit);
            }
            return answer(
                    statementFormat,
                    operator,
                    BankStatementIntake.publish(
                            publisher,
                            statementFormat,
                            file,
                            "uploaded by " + operator.name(),
                            Instant.now(),
                            scopes.permittedFor(operator)));
        }
    }

    private ResponseEntity<?> answer(
            BankStatementFormat format, Operator operator, BankStatementIntake.Outcome outcome) {
        if (outcome instanceof BankStatementIntake.Unusable unusable
                && BankStatementIntake.ACCOUNT_NOT_PERMITTED.equals(unusable.type())) {
            return problem(HttpStatus.FORBIDDEN, unusable.type(), "Account not permitted", unusable.message());
        }
        if (outcome instanceof BankStatementIntake.Unusable unusable) {
            ResponseEntity<ProblemDetail> response = problem(
                    HttpStatus.BAD_REQUEST,
                    unusable.type(),
                    "Bank statement not usable",
                    unusable.message() + (unusable.type().equals("malformed-file") ? " Nothing was accepted." : ""));
            if (unusable.parsed() != null) {
                response.getBody().setProperty("rejected", unusable.parsed().rejected());
            }
            return response;
        }
        if (outcome instanceof BankStatementIntake.NotAcknowledged failure) {
            if (failure.cause() instanceof PublishFailedException) {
                log.error(
                        "answering 500 to a {} statement: {}",
                        format.wireName(),
                        failure.cause().getMessage());
                return PublishProblems.publishFailed();
            }
            log.warn(
                    "answering 503 to a {} statement: {}",
                    format.wireName(),
                    failure.cause().getMessage());
            return PublishProblems.brokerUnavailable(properties.retryAfter());
        }
        BankStatement statement = ((BankStatementIntake.Published) outcome).statement();
        log.info(
                "bank statement {} ({}) uploaded by operator {}: {} lines for {}, {} rejected",
                statement.statementId(),
                format.wireName(),
                operator.name(),
                statement.lines(),
                statement.accounts(),
                statement.rejectedCount());
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(new Receipt(
                        statement.statementId(),
                        statement.format(),
                        statement.accounts(),
                        statement.lines(),
                        statement.rejectedCount(),
                        statement.rejected()));
    }

    private static ResponseEntity<ProblemDetail> tooLarge(long limit) {
        return problem(
                HttpStatus.CONTENT_TOO_LARGE,
                "payload-too-large",
                "Bank statement too large",
                "Bank statements are limited to " + limit + " bytes (payhook.bank-statements.max-file-size).");
    }
}
