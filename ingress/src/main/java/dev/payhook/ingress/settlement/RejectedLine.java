package dev.payhook.ingress.settlement;

/** A report line that could not be used, and why: answered to the uploader, never silently dropped. */
public record RejectedLine(long line, String reason) {

    /** Reasons quote cells; a cell may be 64 KB, an echoed reason never is. */
    static final int MAX_REASON_LENGTH = 300;

    public RejectedLine {
        if (reason != null && reason.length() > MAX_REASON_LENGTH) {
            reason = reason.substring(0, MAX_REASON_LENGTH) + "…";
        }
    }
}
