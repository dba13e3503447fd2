package dev.payhook.provider.settlement;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Refuses a CSV record longer than a settlement line could be, before the CSV parser holds it in
 * memory: a report of one 2 GB cell must cost no more than a normal one. Follows RFC 4180's
 * grammar: a record ends at a line break outside quotes, and every quote character toggles
 * "inside quotes" (an escaped quote is two of them).
 */
final class BoundedRecordReader extends FilterReader {

    /** Far above any settlement line (Adyen's widest layout is under 1,000 characters). */
    static final int MAX_RECORD_CHARS = 64 * 1024;

    private boolean quoted;
    private long recordChars;
    private long line = 1;

    BoundedRecordReader(Reader in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c != -1) {
            account((char) c);
        }
        return c;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int read = super.read(buffer, offset, length);
        for (int i = 0; i < read; i++) {
            account(buffer[offset + i]);
        }
        return read;
    }

    private void account(char c) throws RecordTooLongException {
        if (c == '"') {
            quoted = !quoted;
        }
        if (c == '\n') {
            line++;
            if (!quoted) {
                recordChars = 0;
                return;
            }
        }
        if (++recordChars > MAX_RECORD_CHARS) {
            throw new RecordTooLongException(line);
        }
    }

    /** Thrown from inside the CSV parser's reads; the parser passes IOExceptions on. */
    static final class RecordTooLongException extends IOException {

        final long line;

        RecordTooLongException(long line) {
            super("a record is longer than " + MAX_RECORD_CHARS
                    + " characters (an unterminated quote, or not a report)");
            this.line = line;
        }
    }
}
