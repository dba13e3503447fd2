package dev.payhook.reconciler.matching;

import dev.payhook.common.DiscrepancyType;
import dev.payhook.common.Sha256;

/** A discrepancy's id is a function of what it is about, never of when or how often it was found. */
public final class DiscrepancyIds {

    private DiscrepancyIds() {}

    public static String of(DiscrepancyType type, String paymentId, String key) {
        return "dsc_" + Sha256.hexPrefix(type + "\n" + paymentId + "\n" + key, 12);
    }
}
