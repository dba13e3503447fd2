package dev.payhook.reconciler.matching;

import dev.payhook.common.DiscrepancyType;
import dev.payhook.common.Sha256;
import java.util.regex.Pattern;

/** A discrepancy's id is a function of what it is about, never of when or how often it was found. */
public final class DiscrepancyIds {

    /** What {@link #of} gives; anything else names no discrepancy. */
    public static final Pattern FORMAT = Pattern.compile("dsc_[0-9a-f]{1,64}");

    private DiscrepancyIds() {}

    public static String of(DiscrepancyType type, String paymentId, String key) {
        return "dsc_" + Sha256.hexPrefix(type + "\n" + paymentId + "\n" + key, 12);
    }
}
