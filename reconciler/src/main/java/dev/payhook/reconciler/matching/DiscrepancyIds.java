package dev.payhook.reconciler.matching;

import dev.payhook.common.DiscrepancyType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A discrepancy's id is a function of what it is about, never of when or how often it was found. */
public final class DiscrepancyIds {

    private DiscrepancyIds() {
    }

    public static String of(DiscrepancyType type, String paymentId, String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((type + "\n" + paymentId + "\n" + key).getBytes(StandardCharsets.UTF_8));
            return "dsc_" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
