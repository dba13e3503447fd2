package dev.payhook.common;

/**
 * A report line that could not be used, and why: answered to the uploader, kept with its batch for
 * the console, never silently dropped.
 *
 * @param line   the line number in the file (a quoted field may span lines: the line the record ends on)
 * @param column the column whose cell was refused, when one was; null for a row refused as a whole
 * @param reason what was wrong, short: it quotes at most a bounded part of a cell
 */
public record RejectedLine(long line, String column, String reason) {

    /** Reasons quote cells; a cell may be 64 KB, an echoed reason never is. */
    public static final int MAX_REASON_LENGTH = 300;

    public RejectedLine {
        if (reason != null && reason.length() > MAX_REASON_LENGTH) {
            reason = reason.substring(0, MAX_REASON_LENGTH) + "…";
        }
        if (column != null && column.length() > 100) {
            column = column.substring(0, 100) + "…";
        }
    }
}
