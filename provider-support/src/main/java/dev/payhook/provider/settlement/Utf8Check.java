package dev.payhook.provider.settlement;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Checks, while a report is spooled, that its bytes are UTF-8, and names the line of the first
 * byte that is not. Fed chunk by chunk: memory is one chunk whatever the file's size.
 */
public final class Utf8Check {

    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer pending = ByteBuffer.allocate(64 * 1024 + 8);
    private final CharBuffer discard = CharBuffer.allocate(64 * 1024 + 8);
    private long newlines;

    public void update(byte[] bytes, int offset, int length) throws MalformedReportException {
        while (length > 0) {
            int chunk = Math.min(length, pending.remaining());
            pending.put(bytes, offset, chunk);
            offset += chunk;
            length -= chunk;
            decode(false);
        }
    }

    public void finish() throws MalformedReportException {
        decode(true);
    }

    private void decode(boolean endOfInput) throws MalformedReportException {
        pending.flip();
        while (true) {
            int start = pending.position();
            CoderResult result = decoder.decode(pending, discard, endOfInput);
            countNewlines(start, pending.position());
            discard.clear();
            if (result.isError()) {
                throw new MalformedReportException(newlines + 1, "the file is not UTF-8 (an invalid byte sequence).");
            }
            if (result.isUnderflow()) {
                break;
            }
        }
        if (endOfInput && pending.hasRemaining()) {
            throw new MalformedReportException(newlines + 1, "the file ends inside a UTF-8 character.");
        }
        pending.compact();
    }

    private void countNewlines(int from, int to) {
        for (int i = from; i < to; i++) {
            if (pending.get(i) == '\n') {
                newlines++;
            }
        }
    }
}
