package dev.payhook.common;

/**
 * Ids that cross a topic (event, payment, order, refund, dispute ids, settlement references) are
 * short: every one is a key in some store or record, and an id of a megabyte would make every
 * record that holds it a megabyte. Providers' own ids are well under the limit (Stripe's are about
 * 30 characters, Adyen's 16, Razorpay's 18).
 */
public final class Identifiers {

    public static final int MAX_LENGTH = 255;

    private Identifiers() {}

    /** The id itself when it is null or short enough; otherwise an error naming the field, never echoing the id. */
    public static String bounded(String field, String id) {
        if (id != null && id.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    field + " is " + id.length() + " characters long; at most " + MAX_LENGTH + " are accepted");
        }
        return id;
    }
}
