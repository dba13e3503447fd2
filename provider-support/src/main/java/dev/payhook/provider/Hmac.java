package dev.payhook.provider;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256, the primitive every supported provider signs with. */
public final class Hmac {

    private Hmac() {}

    /** The MAC of the concatenated parts: signing schemes join ids, timestamps and body bytes. */
    public static byte[] sha256(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /**
     * Constant-time comparison, so response timing never tells an attacker how many leading bytes
     * of a forged signature were right.
     */
    public static boolean matches(byte[] expected, byte[] provided) {
        return provided != null && MessageDigest.isEqual(expected, provided);
    }

    /** Lower- or upper-case hex to bytes; null when it is not hex, which simply fails to match. */
    public static byte[] fromHex(String hex) {
        if (hex == null || hex.length() % 2 != 0) {
            return null;
        }
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(hex.charAt(2 * i), 16);
            int lo = Character.digit(hex.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    /** Base64 to bytes; null when it is not base64. */
    public static byte[] fromBase64(String base64) {
        if (base64 == null) {
            return null;
        }
        try {
            return java.util.Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
