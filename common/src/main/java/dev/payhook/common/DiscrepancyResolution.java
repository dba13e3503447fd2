package dev.payhook.common;

import java.time.Instant;

/**
 * An operator's decision that a discrepancy needs no further action, on
 * {@code payhook.discrepancy-resolutions} (key = paymentId, so it reaches the task that owns the
 * payment's reconciliation and is applied in order with its evidence). A break of a whole batch has
 * no payment: its resolution goes to {@link Topics#BATCH_BREAKS_PARTITION}.
 *
 * @param paymentId the payment the discrepancy is about; null for a break of a whole batch
 * @param action    what the resolution does: {@link ResolutionAction#EXPLAINED} (no money moves; the default,
 *                  and what resolutions published before actions existed read as) or an action that posts a
 *                  journal entry
 */
public record DiscrepancyResolution(
        String discrepancyId,
        String paymentId,
        String note,
        String operator,
        Instant resolvedAt,
        ResolutionAction action) {

    /** An explanation: no money moves. */
    public DiscrepancyResolution(
            String discrepancyId, String paymentId, String note, String operator, Instant resolvedAt) {
        this(discrepancyId, paymentId, note, operator, resolvedAt, ResolutionAction.EXPLAINED);
    }

    /** Notes are short text for people; longer ones are refused where they are written. */
    public static final int MAX_NOTE_LENGTH = 2_000;

    public DiscrepancyResolution {
        action = action == null ? ResolutionAction.EXPLAINED : action;
        Identifiers.bounded("discrepancyId", discrepancyId);
        Identifiers.bounded("paymentId", paymentId);
        Identifiers.bounded("operator", operator);
        if (note != null && note.length() > MAX_NOTE_LENGTH) {
            throw new IllegalArgumentException(
                    "note is " + note.length() + " characters; at most " + MAX_NOTE_LENGTH + " are accepted");
        }
    }
}
