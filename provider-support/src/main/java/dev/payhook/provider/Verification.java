package dev.payhook.provider;

/** What a signature check concluded about a request. */
public sealed interface Verification {

    Verification VERIFIED = new Verified();

    static Verification rejected(Reason reason, String detail) {
        return new Rejected(reason, detail);
    }

    record Verified() implements Verification {}

    /**
     * @param reason a bounded set, used as a metric tag
     * @param detail what the sender needs to fix; never contains a secret or an expected signature
     */
    record Rejected(Reason reason, String detail) implements Verification {}

    enum Reason {
        MISSING_SIGNATURE,
        MALFORMED_SIGNATURE,
        SIGNATURE_MISMATCH,
        TIMESTAMP_OUT_OF_TOLERANCE,
        UNREADABLE_BODY;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
