package dev.payhook.provider.publish;

import dev.payhook.common.BankLine;
import dev.payhook.common.BankStatement;
import dev.payhook.provider.bank.BankStatementFormat;
import dev.payhook.provider.bank.MalformedStatementException;
import dev.payhook.provider.bank.ParsedStatement;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/**
 * How a bank statement becomes lines on {@code payhook.bank-statements}, whether an operator uploaded it
 * or the collector fetched it from the bank's SFTP drop: read with a bounded size, parsed whole (a file
 * that cannot be read, or does not add up, is refused before anything is published), then its lines and
 * the marker that closes it, acknowledged by the broker.
 */
public final class BankStatementIntake {

    private BankStatementIntake() {}

    /** What became of a statement file. */
    public sealed interface Outcome permits Published, Unusable, NotAcknowledged {}

    /** Every line and the statement's marker are on the topic. */
    public record Published(BankStatement statement) implements Outcome {}

    /**
     * Nothing was published: {@code type} {@code malformed-file} (refused whole) or {@code no-usable-line}.
     */
    public record Unusable(String type, String message, ParsedStatement parsed) implements Outcome {}

    /** The broker did not take it all; the same file again repeats the same lines under the same ids. */
    public record NotAcknowledged(Exception cause) implements Outcome {}

    /** The file is larger than the bound. */
    public static final class TooLargeException extends Exception {
        public TooLargeException(long limit) {
            super("bank statements are limited to " + limit + " bytes");
        }
    }

    /** Reads at most {@code limit} bytes: a statement is parsed whole, so it is bounded before it is read. */
    public static byte[] read(InputStream body, long limit) throws IOException, TooLargeException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = body) {
            for (int read; (read = in.read(buffer)) != -1; ) {
                if (out.size() + (long) read > limit) {
                    throw new TooLargeException(limit);
                }
                out.write(buffer, 0, read);
            }
        }
        return out.toByteArray();
    }

    /** The record that closes a parsed statement, after its lines. */
    public static BankStatement marker(
            ParsedStatement parsed, BankStatementFormat format, String origin, Instant receivedAt) {
        return new BankStatement(
                parsed.statementId(),
                format.wireName(),
                parsed.accounts(),
                parsed.lines().size(),
                receivedAt,
                origin,
                parsed.rejected().size(),
                parsed.rejected(),
                parsed.coveredThrough());
    }

    /** The problem type of a statement of a bank account the uploading operator may not speak for. */
    public static final String ACCOUNT_NOT_PERMITTED = ReportIntake.ACCOUNT_NOT_PERMITTED;

    public static Outcome publish(
            SettlementPublisher publisher, BankStatementFormat format, byte[] file, String origin, Instant receivedAt) {
        return publish(publisher, format, file, origin, receivedAt, account -> true);
    }

    /**
     * @param permitted whether the statement may name this bank account (a scoped operator's upload); one it
     *                  may not refuses the statement whole, before anything is published
     */
    public static Outcome publish(
            SettlementPublisher publisher,
            BankStatementFormat format,
            byte[] file,
            String origin,
            Instant receivedAt,
            java.util.function.Predicate<String> permitted) {
        ParsedStatement parsed;
        try {
            parsed = format.parse(file);
        } catch (MalformedStatementException e) {
            return new Unusable("malformed-file", e.getMessage(), null);
        }
        if (!parsed.accounts().stream().allMatch(permitted)) {
            return new Unusable(
                    ACCOUNT_NOT_PERMITTED,
                    "The statement covers a bank account this operator may not upload for; it is refused whole.",
                    null);
        }
        // A statement without entries still says nothing arrived through its day; one without either says nothing.
        if (parsed.lines().isEmpty() && parsed.coveredThrough().isEmpty()) {
            return new Unusable(
                    "no-usable-line",
                    "No entry of the " + format.wireName() + " statement could be used; nothing was accepted.",
                    parsed);
        }
        BankStatement statement = marker(parsed, format, origin, receivedAt);
        SettlementPublisher.Batch batch = publisher.open();
        try {
            for (BankLine line : parsed.lines()) {
                batch.send(line);
            }
            batch.close(statement);
        } catch (BrokerUnavailableException | PublishFailedException e) {
            return new NotAcknowledged(e);
        }
        return new Published(statement);
    }
}
