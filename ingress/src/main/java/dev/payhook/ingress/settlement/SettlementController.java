package dev.payhook.ingress.settlement;

import dev.payhook.common.Money;
import dev.payhook.common.RejectedLine;
import dev.payhook.ingress.IngressProperties;
import dev.payhook.ingress.PublishProblems;
import dev.payhook.provider.WebhookSources;
import dev.payhook.provider.publish.PublishFailedException;
import dev.payhook.provider.publish.ReportIntake;
import dev.payhook.provider.publish.SettlementPublisher;
import dev.payhook.provider.settlement.MalformedReportException;
import dev.payhook.provider.settlement.ReportOptions;
import dev.payhook.provider.settlement.SettlementReports;
import dev.payhook.web.operators.Operator;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.SortedMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /settlements/{format}}: a provider's settlement report as the body, taken in as
 * {@link ReportIntake} takes every report (the collector's too): spooled, validated whole, streamed
 * to {@code payhook.settlements}. Answered 202 once the broker has every line.
 */
@RestController
class SettlementController {

    private static final Logger log = LoggerFactory.getLogger(SettlementController.class);

    /** The 202 body. */
    record Receipt(
            String batchId,
            String format,
            long accepted,
            long lines,
            long batchRows,
            Instant cutoff,
            SortedMap<String, SortedMap<String, Long>> totals,
            long rejectedCount,
            List<RejectedLine> rejected) {}

    private final SettlementPublisher publisher;
    private final IngressProperties properties;
    private final UploadCapacity capacity;
    private final WebhookSources sources;

    SettlementController(
            SettlementPublisher publisher,
            IngressProperties properties,
            UploadCapacity capacity,
            WebhookSources sources) {
        this.publisher = publisher;
        this.properties = properties;
        this.capacity = capacity;
        this.sources = sources;
    }

    /** Only an operator reaches this (OperatorAuthenticationFilter): the report is evidence the reconciler trusts. */
    @PostMapping("/settlements/{format}")
    ResponseEntity<?> upload(
            @PathVariable String format,
            @RequestParam(required = false) String timezone,
            @RequestParam(required = false) String account,
            HttpServletRequest request,
            @RequestAttribute(Operator.ATTRIBUTE) Operator operator)
            throws IOException {
        if (!SettlementReports.formats().contains(format)) {
            return SettlementProblems.unknownSettlementFormat(format, SettlementReports.formats());
        }
        ReportOptions options;
        try {
            // The report's own zone, as the upload says it, else as its provider's sources are configured.
            options = new ReportOptions(
                    timezone != null && !timezone.isBlank()
                            ? ZoneId.of(timezone.strip())
                            : sources.reportTimeZone(format).orElse(null));
        } catch (DateTimeException e) {
            return SettlementProblems.unusableReport(
                    "invalid-time-zone",
                    "timezone '" + Money.abbreviate(timezone) + "' is not a time zone id such as Europe/Berlin.",
                    null);
        }
        long limit = properties.settlements().maxFileSize().toBytes();
        if (request.getContentLengthLong() > limit) {
            return SettlementProblems.reportTooLarge(limit);
        }
        try (UploadCapacity.Slot slot = capacity.tryAcquire()) {
            if (slot == null) {
                return SettlementProblems.tooManyUploads(
                        properties.settlements().maxConcurrentUploads()
                                + " settlement uploads are being read; upload again shortly.",
                        properties.retryAfter());
            }
            Path spool = Files.createTempFile("payhook-settlement-", ".csv");
            try {
                ReportIntake.Spooled spooled = ReportIntake.spool(request.getInputStream(), spool, limit, slot::spool);
                return switch (spooled.outcome()) {
                    case TOO_LARGE -> SettlementProblems.reportTooLarge(limit);
                    case NO_ROOM ->
                        SettlementProblems.tooManyUploads(
                                "Settlement uploads in progress hold "
                                        + properties.settlements().maxSpooled() + " already; upload again shortly.",
                                properties.retryAfter());
                    case SPOOLED ->
                        answer(
                                format,
                                spooled.batchId(),
                                operator,
                                ReportIntake.validateThenPublish(
                                        publisher,
                                        format,
                                        options.withOrigin("uploaded by " + operator.name())
                                                .forAccounts(reportAccount(account, operator), operator.accounts()),
                                        spooled.batchId(),
                                        spool));
                };
            } catch (MalformedReportException e) {
                return SettlementProblems.malformedReport(e.line(), e.getMessage());
            } finally {
                Files.deleteIfExists(spool);
            }
        }
    }

    /**
     * The account of rows whose report names none: the upload's {@code account}, else the operator's only
     * account when it has exactly one; null otherwise (a scoped operator's rows then need one).
     */
    private static String reportAccount(String asked, Operator operator) {
        if (asked != null && !asked.isBlank()) {
            return asked.strip();
        }
        return operator.isScoped() && operator.accounts().size() == 1
                ? operator.accounts().first()
                : null;
    }

    private ResponseEntity<?> answer(String format, String batchId, Operator operator, ReportIntake.Outcome outcome) {
        if (outcome instanceof ReportIntake.Unusable unusable
                && ReportIntake.ACCOUNT_NOT_PERMITTED.equals(unusable.type())) {
            return dev.payhook.web.Problems.problem(
                    HttpStatus.FORBIDDEN, unusable.type(), "Account not permitted", unusable.message());
        }
        if (outcome instanceof ReportIntake.Unusable unusable) {
            return SettlementProblems.unusableReport(unusable.type(), unusable.message(), unusable.rejected());
        }
        if (outcome instanceof ReportIntake.NotAcknowledged failure) {
            return publishFailure(batchId, failure.cause());
        }
        SettlementReports.Report report = ((ReportIntake.Published) outcome).report();
        log.info(
                "settlement batch {} ({}) uploaded by operator {}: {} lines, {} batch rows, {} rejected",
                batchId,
                format,
                operator.name(),
                report.lines(),
                report.batchRows(),
                report.rejectedCount());
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(new Receipt(
                        batchId,
                        format,
                        report.accepted(),
                        report.lines(),
                        report.batchRows(),
                        report.batch().cutoff(),
                        report.batch().totals(),
                        report.rejectedCount(),
                        report.rejected()));
    }

    /**
     * A transient failure is a 503: lines already sent stay on the topic, and the re-upload it asks
     * for repeats them under the same references. A permanent one is a 500, never retryable.
     */
    private ResponseEntity<?> publishFailure(String batchId, Throwable cause) {
        if (cause instanceof PublishFailedException) {
            log.error("answering 500 to settlement batch {}: {}", batchId, cause.getMessage());
            return PublishProblems.publishFailed();
        }
        log.warn("answering 503 to settlement batch {}: {}", batchId, cause.getMessage());
        return PublishProblems.brokerUnavailable(properties.retryAfter());
    }
}
