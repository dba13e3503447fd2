package dev.payhook.common;

import java.time.Instant;

/**
 * An operator's order to reverse a journal entry, on {@code payhook.discrepancy-resolutions} (to the
 * partition whose task posted the entry, key = {@code reversal:<entryId>}): the reconciler posts a new
 * entry with the sides swapped; the original is never edited.
 */
public record JournalReversal(String reverses, String note, String operator, Instant requestedAt) {

    public JournalReversal {
        Identifiers.bounded("reverses", reverses);
        Identifiers.bounded("operator", operator);
        if (note != null && note.length() > DiscrepancyResolution.MAX_NOTE_LENGTH) {
            throw new IllegalArgumentException("note is " + note.length() + " characters; at most "
                    + DiscrepancyResolution.MAX_NOTE_LENGTH + " are accepted");
        }
    }
}
