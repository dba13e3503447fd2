package dev.payhook.provider.publish;

import dev.payhook.common.RejectedLine;
import dev.payhook.common.SettlementLine;
import dev.payhook.common.Sha256;
import dev.payhook.provider.settlement.MalformedReportException;
import dev.payhook.provider.settlement.ReportOptions;
import dev.payhook.provider.settlement.SettlementReportParser;
import dev.payhook.provider.settlement.SettlementReports;
import dev.payhook.provider.settlement.Utf8Check;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * How a settlement report becomes a batch, whether an operator uploaded it or the collector fetched
 * it: spooled to a file with a bounded size (hashing it on the way: the batch id is the content's
 * hash, so the same file twice is the same batch, however it arrived), read whole once to refuse a
 * malformed file before anything is published, then streamed line by line to
 * {@code payhook.settlements} and closed by its batch marker once the broker has every line.
 */
public final class ReportIntake {

    private ReportIntake() {}

    /** Disk the spooled reports may hold together; {@link #UNBOUNDED} where one report is read at a time. */
    public interface Budget {
        /** Counts {@code bytes} more on disk; false (nothing counted) when that would pass the budget. */
        boolean spool(long bytes);
    }

    public static final Budget UNBOUNDED = bytes -> true;

    /** The problem type of a report with a row of an account the uploading operator may not speak for. */
    public static final String ACCOUNT_NOT_PERMITTED = "account-not-permitted";

    public enum SpoolOutcome {
        SPOOLED,
        TOO_LARGE,
        NO_ROOM
    }

    /** @param batchId the content's hash; null unless {@code SPOOLED} */
    public record Spooled(SpoolOutcome outcome, String batchId) {}

    /** What became of a spooled report. */
    public sealed interface Outcome permits Published, Unusable, NotAcknowledged {}

    /** Every line and the batch marker are on the topic. */
    public record Published(SettlementReports.Report report) implements Outcome {}

    /** Nothing was published: the report lacks columns, or no line of it could be used. */
    public record Unusable(String type, String message, List<RejectedLine> rejected) implements Outcome {}

    /**
     * The broker did not take it all: {@code cause} is a {@link BrokerUnavailableException} (retry) or a
     * {@link PublishFailedException} (a retry fails the same way). Lines already sent stay on the topic;
     * the batch is not closed, and a retry repeats them under the same references.
     */
    public record NotAcknowledged(Exception cause) implements Outcome {}

    /**
     * Copies at most {@code limit} bytes, counting them against {@code budget} and checking on the way
     * that they are UTF-8.
     */
    public static Spooled spool(InputStream body, Path file, long limit, Budget budget)
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
                if (!budget.spool(read)) {
                    return new Spooled(SpoolOutcome.NO_ROOM, null);
                }
                utf8.update(buffer, 0, read);
                out.write(buffer, 0, read);
            }
            utf8.finish();
        }
        return new Spooled(SpoolOutcome.SPOOLED, "stl_" + HexFormat.of().formatHex(sha256.digest(), 0, 12));
    }

    /** Nothing is published from a file that cannot be read to its end: a batch is never closed on part of one. */
    public static Outcome validateThenPublish(
            SettlementPublisher publisher, String format, ReportOptions options, String batchId, Path spool)
            throws IOException, MalformedReportException {
        try (Reader reader = Files.newBufferedReader(spool, StandardCharsets.UTF_8)) {
            SettlementReports.validate(format, options, reader);
        } catch (SettlementReportParser.MissingColumnsException e) {
            return new Unusable(e.type(), e.getMessage(), null);
        } catch (SettlementReportParser.AccountNotPermittedException e) {
            return new Unusable(ACCOUNT_NOT_PERMITTED, e.getMessage(), null);
        }
        SettlementPublisher.Batch batch = publisher.open();
        SettlementReports.Report report;
        try (Reader reader = Files.newBufferedReader(spool, StandardCharsets.UTF_8)) {
            report = SettlementReports.read(format, options, reader, batchId, Instant.now(), line -> send(batch, line));
        } catch (SettlementReportParser.MissingColumnsException e) {
            return new Unusable(e.type(), e.getMessage(), null);
        } catch (UnackedSend e) {
            return new NotAcknowledged((Exception) e.getCause());
        }
        if (report.batch() == null) {
            return new Unusable(
                    "no-usable-line",
                    "No line of the " + format + " report could be used; nothing was accepted.",
                    report.rejected());
        }
        try {
            batch.close(report.batch());
        } catch (BrokerUnavailableException | PublishFailedException e) {
            return new NotAcknowledged(e);
        }
        return new Published(report);
    }

    private static void send(SettlementPublisher.Batch batch, SettlementLine line) {
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
}
