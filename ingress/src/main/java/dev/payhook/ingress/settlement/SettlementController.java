package dev.payhook.ingress.settlement;

import dev.payhook.ingress.publish.BrokerUnavailableException;
import dev.payhook.ingress.publish.SettlementPublisher;
import dev.payhook.ingress.webhook.IngressProperties;
import dev.payhook.ingress.webhook.Problems;
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
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
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
    record Receipt(String batchId, String format, long accepted, long lines, long batchRows, Instant cutoff,
            SortedMap<String, SortedMap<String, Long>> totals, long rejectedCount, List<RejectedLine> rejected) {
    }

    private final SettlementPublisher publisher;
    private final IngressProperties properties;

    SettlementController(SettlementPublisher publisher, IngressProperties properties) {
        this.publisher = publisher;
        this.properties = properties;
    }

    @PostMapping("/settlements/{format}")
    ResponseEntity<?> upload(@PathVariable String format, HttpServletRequest request) throws IOException {
        if (!SettlementReports.formats().contains(format)) {
            return Problems.unknownSettlementFormat(format, SettlementReports.formats());
        }
        long limit = properties.settlements().maxFileSize().toBytes();
        if (request.getContentLengthLong() > limit) {
            return Problems.reportTooLarge(limit);
        }
        Path spool = Files.createTempFile("payhook-settlement-", ".csv");
        try {
            String batchId = spool(request.getInputStream(), spool, limit);
            if (batchId == null) {
                return Problems.reportTooLarge(limit);
            }
            return publish(format, batchId, spool);
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    private ResponseEntity<?> publish(String format, String batchId, Path spool) throws IOException {
        SettlementPublisher.Batch batch = publisher.open();
        SettlementReports.Report report;
        try (Reader reader = Files.newBufferedReader(spool, StandardCharsets.UTF_8)) {
            report = SettlementReports.read(format, reader, batchId, Instant.now(), line -> send(batch, line));
        } catch (SettlementReportParser.MissingColumnsException e) {
            return Problems.unusableReport("missing-columns", e.getMessage(), null);
        } catch (UnackedSend e) {
            return brokerUnavailable(batchId, e.getCause());
        }
        if (report.batch() == null) {
            return Problems.unusableReport("no-usable-line",
                    "No line of the " + format + " report could be used; nothing was accepted.", report.rejected());
        }
        try {
            batch.close(report.batch());
        } catch (BrokerUnavailableException e) {
            return brokerUnavailable(batchId, e);
        }
        log.info("settlement batch {} ({}): {} lines, {} batch rows, {} rejected", batchId, format,
                report.lines(), report.batchRows(), report.rejectedCount());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Receipt(batchId, format, report.accepted(),
                report.lines(), report.batchRows(), report.batch().cutoff(), report.batch().totals(),
                report.rejectedCount(), report.rejected()));
    }

    /** Lines already sent stay on the topic; the re-upload the 503 asks for repeats them under the same references. */
    private ResponseEntity<?> brokerUnavailable(String batchId, Throwable cause) {
        log.warn("answering 503 to settlement batch {}: {}", batchId, cause.getMessage());
        return Problems.brokerUnavailable(properties.retryAfter());
    }

    private static void send(SettlementPublisher.Batch batch, dev.payhook.common.SettlementLine line) {
        try {
            batch.send(line);
        } catch (BrokerUnavailableException e) {
            throw new UnackedSend(e);
        }
    }

    /** Carries a broker failure out of the parser's callback. */
    private static final class UnackedSend extends RuntimeException {
        UnackedSend(BrokerUnavailableException cause) {
            super(cause);
        }
    }

    /** Copies at most {@code limit} bytes; the batch id, or null when the body is larger. */
    private static String spool(InputStream body, Path file, long limit) throws IOException {
        MessageDigest sha256 = sha256();
        try (InputStream in = body; OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha256)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int read; (read = in.read(buffer)) != -1; ) {
                total += read;
                if (total > limit) {
                    return null;
                }
                out.write(buffer, 0, read);
            }
        }
        return "stl_" + HexFormat.of().formatHex(sha256.digest(), 0, 12);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
