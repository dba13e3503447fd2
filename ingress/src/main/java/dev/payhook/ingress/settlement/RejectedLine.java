package dev.payhook.ingress.settlement;

/** A report line that could not be used, and why: answered to the uploader, never silently dropped. */
public record RejectedLine(long line, String reason) {
}
