package dev.payhook.ingress.settlement;

import dev.payhook.common.Money;
import dev.payhook.common.RejectedLine;
import dev.payhook.common.Sha256;
import dev.payhook.ingress.IngressProperties;
import dev.payhook.ingress.PublishProblems;
import dev.payhook.provider.WebhookSources;
import dev.payhook.provider.publish.BrokerUnavailableException;
import dev.payhook.provider.publish.PublishFailedException;
import dev.payhook.provider.publish.SettlementPublisher;
import dev.payhook.provider.settlement.MalformedReportException;
import dev.payhook.provider.settlement.ReportOptions;
import dev.payhook.provider.settlement.SettlementReportParser;
import dev.payhook.provider.settlement.SettlementReports;
import dev.payhook.provider.settlement.Utf8Check;
import dev.payhook.web.operators.Operator;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HexFormat;
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
 * {@code POST /settlements/{format}}: a provider's settlement report as the body. The report is
 * spooled to a temporary file (hashing it on the way: the batch id is the content's hash, so the
 * same file uploaded twice is the same batch), then streamed line by line to
 * {@code payhook.settlements}. Answered 202 once the broker has every line.
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
                Spooled spooled = spool(request.getInputStream(), spool, limit, slot);
                return switch (spooled.outcome()) {
                    case TOO_LARGE -> SettlementProblems.reportTooLarge(limit);
                    case NO_ROOM ->
                        SettlementProblems.tooManyUploads(
                                "Settlement uploads in progress hold "
                                        + properties.settlements().maxSpooled() + " already; upload again shortly.",
                                properties.retryAfter());
                    case SPOOLED -> validateThenPublish(format, options, spooled.batchId(), spool, operator);
                };
            } catch (MalformedReportException e) {
                return SettlementProblems.malformedReport(e.line(), e.getMessage());
            } finally {
                Files.deleteIfExists(spool);
            }
        }
    }

    /** Nothing is published from a file that cannot be read to its end: a batch is never closed on part of one. */
    private ResponseEntity<?> validateThenPublish(
            String format, ReportOptions options, String batchId, Path spool, Operator operator)
            throws IOException, MalformedReportException {
        try (Reader reader = Files.newBufferedReader(spool, StandardCharsets.UTF_8)) {
            SettlementReports.validate(format, options, reader);
        } catch (SettlementReportParser.MissingColumnsException e) {
            return SettlementProblems.unusableReport(e.type(), e.getMessage(), null);
        }
        return publish(format, options, batchId, spool, operator);
    }

    private ResponseEntity<?> publish(
            String format, ReportOptions options, String batchId, Path spool, Operator operator) throws IOException {
        SettlementPublisher.Batch batch = publisher.open();
        SettlementReports.Report report;
        try (Reader reader = Files.newBufferedReader(spool, StandardCharsets.UTF_8)) {
            report = SettlementReports.read(format, options, reader, batchId, Instant.now(), line -> send(batch, line));
        } catch (SettlementReportParser.MissingColumnsException e) {
            return SettlementProblems.unusableReport(e.type(), e.getMessage(), null);
        } catch (UnackedSend e) {
            return publishFailure(batchId, e.getCause());
        }
        if (report.batch() == null) {
            return SettlementProblems.unusableReport(
                    "no-usable-line",
                    "No line of the " + format + " report could be used; nothing was accepted.",
                    report.rejected());
        }
        try {
            batch.close(report.batch());
        } catch (BrokerUnavailableException | PublishFailedException e) {
            return publishFailure(batchId, e);
        }
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

    private static void send(SettlementPublisher.Batch batch, dev.payhook.common.SettlementLine line) {
        try {
            batch.send(line);
        } catch (BrokerUnavailableException | PublishFailedException e) {
            throw new UnackedSend(e);
        }
    }

    /** Carries a broker failure out of the parser's callback. */
    private static final class UnackedSend extends RuntimeException {
        UnackedSend(Exception cause) {
            super(cause);
        }
    }

    private enum SpoolOutcome {
        SPOOLED,
        TOO_LARGE,
        NO_ROOM
    }

    private record Spooled(SpoolOutcome outcome, String batchId) {}

    /**
     * Copies at most {@code limit} bytes, counting them against the uploads' shared disk budget and
     * checking on the way that they are UTF-8. The batch id is the content's hash.
     */
    private static Spooled spool(InputStream body, Path file, long limit, UploadCapacity.Slot slot)
            throws IOException, MalformedReportException {
        MessageDigest sha256 = Sha256.digest();
        Utf8Check utf8 = new Utf8Check();
        try (InputStream in = body;
                OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha256)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int read; (read = in.read(buffer)) != -1; ) {
                total += read;
                if (total > limit) {
                    return new Spooled(SpoolOutcome.TOO_LARGE, null);
                }
                if (!slot.spool(read)) {
                    return new Spooled(SpoolOutcome.NO_ROOM, null);
                }
                utf8.update(buffer, 0, read);
                out.write(buffer, 0, read);
            }
            utf8.finish();
        }
        return new Spooled(SpoolOutcome.SPOOLED, "stl_" + HexFormat.of().formatHex(sha256.digest(), 0, 12));
    }
}
